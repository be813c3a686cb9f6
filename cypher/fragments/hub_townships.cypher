// fragment: hub_townships(h, t)
// Township t (one with communities) covered by hub h active on asOf: the hub is based in t or serves it (an active link), or is based in one of t's communities. Two UNION branches, each returning t.
MATCH (h:Hub)-[r:BASED_IN|SERVES]->(t:Township)
WHERE {{active(r)}} AND {{org_active(h)}} AND EXISTS { (t)<-[:PART_OF]-(:Community) }
RETURN t
UNION
MATCH (h:Hub)-[:BASED_IN]->(:Community)-[:PART_OF]->(t:Township)
WHERE {{org_active(h)}}
RETURN t
