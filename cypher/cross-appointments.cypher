// name: cross-appointments
// Persons with active posts in both the community sector (a community, a community Party organization) and the social-organization sector (an active organization, a Party organization covering one); $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (p:Person)-[h:HOLDS_POST]->(b)
WHERE (h.start IS NULL OR h.start <= asOf) AND (h.end IS NULL OR h.end >= asOf)
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
RETURN p.person_id AS person_id, size(bodies) AS bodies, communities, organizations
ORDER BY person_id
