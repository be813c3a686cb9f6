// fragment: org_in(o, c)
// An organization o active on asOf is in community c: based in it, or with an active serves link to it (a purchased service does not put it there).
MATCH (o:Organization)-[r:BASED_IN|SERVES]->(c)
WHERE {{active(r)}} AND {{org_active(o)}}
