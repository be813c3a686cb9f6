// name: cross-appointments
// Persons with active posts in both the community sector (a community, a community Party organization) and the social-organization sector (an active organization, a Party organization covering one), their type and how many merged bodies they sit on; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
{{cross_appointed(p)}}
RETURN p.person_id AS person_id, type, size(bodies) AS bodies, communities, organizations
ORDER BY person_id
