// fragment: hub_reach(h, c)
// Community c reached by hub h active on asOf: h covers c (hub_covers), or supports or incubates (an active link) an organization active on asOf based in c. UNION branches, each returning c.
{{hub_covers(h, c)}}
UNION
MATCH (h:Hub)-[l:SUPPORTS|INCUBATES]->(o:Organization)-[:BASED_IN]->(c:Community)
WHERE {{active(l)}} AND {{org_active(h)}} AND {{org_active(o)}}
RETURN c
