// name: cross-appointment-ties
// Per community, the organizations tied to it through cross-appointed persons, how many such persons and how many of them are party_to_party; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
{{cross_appointed(p)}}
UNWIND communities AS code
UNWIND organizations AS orgId
WITH code, collect(DISTINCT p.person_id) AS persons, collect(DISTINCT orgId) AS orgIds,
     collect(DISTINCT CASE WHEN type = 'party_to_party' THEN p.person_id END) AS party
// Region, not only Community: the seek uses Region's unique code instead of scanning every
// Community for each code (25,500 x 21,000 comparisons at province scale).
MATCH (c:Region:Community {code: code})
RETURN code AS community_code, c.name AS community_name, size(persons) AS persons,
       size(party) AS party_to_party, orgIds AS org_ids
ORDER BY community_code
