// fragment: org_in(o, c)
// An active organization o is in community c: based in it or serving it on asOf.
MATCH (o:Organization {status: 'active'})-[r:BASED_IN|SERVES]->(c)
WHERE {{active(r)}}
