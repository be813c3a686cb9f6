// fragment: hub_reach(h, c)
// Community c reached by active hub h on asOf: the hub is based in or serves c or its township, or supports or incubates an active organization based in c. Three UNION branches, each returning c.
MATCH (h:Hub {status: 'active'})-[r:BASED_IN|SERVES]->(c:Community)
WHERE {{active(r)}}
RETURN c
UNION
MATCH (h:Hub {status: 'active'})-[r:BASED_IN|SERVES]->(:Township)<-[:PART_OF]-(c:Community)
WHERE {{active(r)}}
RETURN c
UNION
MATCH (h:Hub {status: 'active'})-[l:SUPPORTS|INCUBATES]->(:Organization {status: 'active'})-[:BASED_IN]->(c:Community)
WHERE {{active(l)}}
RETURN c
