// name: gaps
// Active social organizations without a covering Party organization, with their gap (must_form, joint_candidate, needs_instructor, instructed), most urgent first; $as_of, $include_community.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf, {{counted_kinds}} AS kinds
MATCH (o:Organization {status: 'active'})-[:BASED_IN]->(r:Region)
WHERE o.kind IN kinds AND NOT {{party_covered(o)}}
WITH o, r, coalesce(o.party_members, 0) AS members, {{work_post(o)}} AS workCovered
WITH o, r, members, workCovered,
     CASE
       WHEN members >= 3 THEN 'must_form'
       WHEN members >= 1 THEN 'joint_candidate'
       WHEN NOT workCovered THEN 'needs_instructor'
       ELSE 'instructed'
     END AS gap
RETURN o.org_id AS org_id, o.name AS name, o.kind AS kind, r.code AS region_code,
       members AS party_members, workCovered AS work_covered, gap
ORDER BY CASE gap WHEN 'must_form' THEN 0 WHEN 'joint_candidate' THEN 1
                  WHEN 'needs_instructor' THEN 2 ELSE 3 END, region_code, org_id
