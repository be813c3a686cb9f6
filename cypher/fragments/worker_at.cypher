// fragment: worker_at(w, c)
// A licensed social worker w holds an active post at c (a community or an organization).
MATCH (w:SocialWorker)-[p:HOLDS_POST]->(c)
WHERE {{active(p)}}
