// name: joint-branches
// Joint-branch candidates (1-2 Party members, no covering Party organization) with their township; graphgov packs them into groups of >=3 members and <=5 organizations; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (o:Organization {status: 'active'})-[:BASED_IN]->(r:Region)
WHERE o.kind IN {{registered_kinds}}
  AND 1 <= coalesce(o.party_members, 0) <= 2
  AND NOT {{party_covered(o)}}
RETURN o.org_id AS org_id, o.party_members AS party_members,
       CASE WHEN r.level IN ['township', 'community'] THEN left(r.code, 9) + '000' END AS township_code
ORDER BY township_code, org_id
