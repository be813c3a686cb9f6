// fragment: community_post(x, c)
// Person x holds an active post at community c itself (its committee) or at the community Party organization that leads it, existing on asOf.
MATCH (x)-[cp:HOLDS_POST]->(cb)-[:LEADS*0..1]->(c)
WHERE {{active(cp)}} AND (cb:Community OR ({{party_org_exists(cb)}}))
