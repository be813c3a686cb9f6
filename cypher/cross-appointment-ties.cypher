// name: cross-appointment-ties
// Per community, the organizations tied to it through cross-appointed persons and how many such persons; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
{{cross_appointed(p)}}
UNWIND communities AS code
UNWIND organizations AS orgId
WITH code, collect(DISTINCT p.person_id) AS persons, collect(DISTINCT orgId) AS orgIds
// Region, not only Community: the seek uses Region's unique code instead of scanning every
// Community for each code (25,500 x 21,000 comparisons at province scale).
MATCH (c:Region:Community {code: code})
RETURN code AS community_code, c.name AS community_name, size(persons) AS persons,
       orgIds AS org_ids
ORDER BY community_code
