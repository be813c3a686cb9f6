// fragment: gap_rows
// The gaps population on asOf: active organizations of the counted kinds without organizational coverage (o, based in r), with members (formal Party members), workCovered, gap, managerId (the responsible Party organization: the manager it names if that exists, else the comprehensive committee of its registration division) and manager (that Party organization, or null).
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf, {{counted_kinds}} AS kinds
MATCH (o:Organization)-[:BASED_IN]->(r:Region)
WHERE o.kind IN kinds AND {{org_active(o)}} AND NOT {{party_covered(o)}}
WITH o, r, asOf, coalesce(o.party_members, 0) AS members, {{cover_kind(o)}} AS cover
WITH o, r, asOf, members, {{work_covered(o, r, cover)}} AS workCovered,
     {{direct_manager(o)}} AS direct, {{registration_division(o, r)}} AS division
WITH o, r, asOf, members, workCovered,
     coalesce(direct, {{comprehensive_committee(division)}}) AS managerId,
     CASE
       WHEN members >= 3 THEN 'must_form'
       WHEN members >= 1 THEN 'joint_candidate'
       WHEN NOT workCovered THEN 'needs_instructor'
       ELSE 'instructed'
     END AS gap
OPTIONAL MATCH (manager:PartyOrganization {party_org_id: managerId})
