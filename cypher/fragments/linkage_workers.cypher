// fragment: linkage_workers
// Where licensed social workers hold active posts on asOf, found once for linkage_status: workerAt (the organizations) and workerIn (the communities whose committee or community Party organization has one). Starts from the social workers, not the communities. Keeps every variable in scope (asOf among them).
WITH *,
     COLLECT {
       MATCH (w:SocialWorker)-[p:HOLDS_POST]->(o:Organization)
       USING SCAN w:SocialWorker
       WHERE {{active(p)}}
       RETURN DISTINCT o
     } AS workerAt,
     COLLECT {
       MATCH (w:SocialWorker)-[cp:HOLDS_POST]->(cb)-[:LEADS*0..1]->(c:Community)
       USING SCAN w:SocialWorker
       WHERE {{active(cp)}} AND (cb:Community OR ({{party_org_exists(cb)}}))
       RETURN DISTINCT c
     } AS workerIn
