// name: gaps
// Active social organizations without a covering Party organization, with their gap (must_form, joint_candidate, needs_instructor, instructed), most urgent first; $as_of, $include_community.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf,
     ['social_group', 'social_service', 'foundation']
       + CASE WHEN coalesce($include_community, false) THEN ['community'] ELSE [] END AS kinds
MATCH (o:Organization {status: 'active'})-[:BASED_IN]->(r:Region)
WHERE o.kind IN kinds
  AND NOT EXISTS {
    MATCH (p:PartyOrganization)-[:COVERS]->(o)
    WHERE p.kind IN ['branch', 'general_branch', 'committee', 'joint_branch', 'functional', 'extended']
  }
WITH o, r, coalesce(o.party_members, 0) AS members,
     EXISTS {
       MATCH (:Person)-[h:HOLDS_POST]->(o)
       WHERE h.role IN ['liaison', 'instructor']
         AND (h.start IS NULL OR h.start <= asOf) AND (h.end IS NULL OR h.end >= asOf)
     } AS workCovered
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
