// fragment: worker_at(w, b)
// A licensed social worker w holds an active post at body b (an organization, a community or a Party organization).
MATCH (w:SocialWorker)-[p:HOLDS_POST]->(b)
WHERE {{active(p)}}
