// fragment: cross_appointed(p)
// Persons p with active posts in both sectors on asOf: bodies (the distinct bodies they hold posts at), communities (codes of communities and of community Party organizations' regions) and organizations (active organizations, and those a non-community Party organization covers), both non-empty.
MATCH (p:Person)-[h:HOLDS_POST]->(b)
WHERE {{active(h)}}
  AND (NOT b:Organization OR b.status = 'active')
WITH p, collect(DISTINCT b) AS bodies
WITH p, bodies,
     [b IN bodies WHERE b:Community | b.code]
       + [b IN bodies WHERE b:PartyOrganization AND b.kind = 'community' | b.region_code]
       AS communities,
     [b IN bodies WHERE b:Organization | b.org_id]
       + reduce(acc = [], covered IN [b IN bodies WHERE b:PartyOrganization AND b.kind <> 'community'
                                      | [(b)-[:COVERS]->(o:Organization {status: 'active'}) | o.org_id]]
                | acc + covered) AS organizations
WHERE size(communities) > 0 AND size(organizations) > 0
