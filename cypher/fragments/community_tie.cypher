// fragment: community_tie(c, staff, workerOrgs)
// Linkage's community tie of c: one of workerOrgs (the organizations in c where a licensed social worker holds an active post) also has an active serves or purchased link to c or its township, or one of staff (the people with an active post at c or its community Party organization) holds an active post at it.
any(o IN workerOrgs WHERE
    EXISTS {
      MATCH (o)-[s:SERVES|PURCHASED_BY]->(:Region)<-[:PART_OF*0..1]-(c)
      WHERE {{active(s)}}
    }
    OR EXISTS {
      MATCH (x:Person)-[q:HOLDS_POST]->(o)
      WHERE {{active(q)}} AND x IN staff
    })
