// fragment: hub_covers(h, c)
// Community c covered by hub h active on asOf (datasets/README.md, §4.5): the hub is based in c or in c's township, or has an active serves link to either. Two UNION branches, each returning c.
MATCH (h:Hub)-[r:BASED_IN|SERVES]->(c:Community)
WHERE {{active(r)}} AND {{org_active(h)}}
RETURN c
UNION
MATCH (h:Hub)-[r:BASED_IN|SERVES]->(:Township)<-[:PART_OF]-(c:Community)
WHERE {{active(r)}} AND {{org_active(h)}}
RETURN c
