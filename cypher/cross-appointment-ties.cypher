// name: cross-appointment-ties
// Per community, the organizations tied to it through cross-appointed persons and how many such persons; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (p:Person)-[h:HOLDS_POST]->(b)
WHERE (h.start IS NULL OR h.start <= asOf) AND (h.end IS NULL OR h.end >= asOf)
  AND (NOT b:Organization OR b.status = 'active')
WITH p, collect(DISTINCT b) AS bodies
WITH p,
     [b IN bodies WHERE b:Community | b.code]
       + [b IN bodies WHERE b:PartyOrganization AND b.kind = 'community' | b.region_code]
       AS communities,
     [b IN bodies WHERE b:Organization | b.org_id]
       + reduce(acc = [], covered IN [b IN bodies WHERE b:PartyOrganization AND b.kind <> 'community'
                                      | [(b)-[:COVERS]->(o:Organization {status: 'active'}) | o.org_id]]
                | acc + covered) AS organizations
WHERE size(communities) > 0 AND size(organizations) > 0
UNWIND communities AS code
UNWIND organizations AS orgId
WITH code, collect(DISTINCT p.person_id) AS persons, collect(DISTINCT orgId) AS orgIds
// Region, not only Community: the seek uses Region's unique code instead of scanning every
// Community for each code (25,500 x 21,000 comparisons at province scale).
MATCH (c:Region:Community {code: code})
RETURN code AS community_code, c.name AS community_name, size(persons) AS persons,
       orgIds AS org_ids
ORDER BY community_code
