// name: joint-branches
// Joint-branch candidates (1-2 formal Party members, no organizational coverage) with where they can be placed, and existing joint branches with room; graphgov places the candidates (analyses/joint_branches.py, pack); $as_of.
{{gap_rows}}
WITH o, r, asOf, members, managerId, r.level IN ['township', 'community'] AS inTownship
WHERE members IN [1, 2]
WITH o, members, managerId, inTownship, r.code AS based, asOf
RETURN 'candidate' AS row, o.org_id AS id, members AS party_members, o.domain AS domain,
       CASE WHEN inTownship THEN left(based, 9) + '000' END AS township_code,
       CASE WHEN inTownship THEN managerId ELSE {{comprehensive_committee(based)}} END AS superior,
       CASE WHEN inTownship THEN null ELSE based END AS pool, null AS room
UNION ALL
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (j:PartyOrganization {kind: 'joint_branch'})
WHERE {{party_org_exists(j)}} AND substring(j.region_code, 6, 3) <> '000'
WITH j, COUNT {
  MATCH (j)-[c:COVERS]->(x:Organization)
  WHERE {{cover_active(c)}} AND {{org_active(x)}}
} AS covered
WHERE covered < 5
RETURN 'branch' AS row, j.party_org_id AS id, null AS party_members, null AS domain,
       left(j.region_code, 9) + '000' AS township_code,
       head([(j)-[:REPORTS_TO]->(up:PartyOrganization) | up.party_org_id]) AS superior,
       null AS pool, 5 - covered AS room
