// name: coverage
// Organizational, functional and work coverage of active social organizations per group; $by: province|city|county|township|kind|manager|authority (default county), $include_community, $as_of (default: the dataset's).
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf,
     coalesce($by, 'county') AS by,
     {province: 2, city: 4, county: 6, township: 9, community: 12} AS depth,
     {{counted_kinds}} AS kinds
MATCH (o:Organization)-[:BASED_IN]->(r:Region)
WHERE o.kind IN kinds AND {{org_active(o)}}
WITH o, r, asOf, by, depth, {{cover_kind(o)}} AS cover
WITH o, r, asOf, by, depth, cover, {{work_covered(o, r, cover)}} AS workCovered
// Grouped by manager, organizations without a manager of their own are counted per
// registration division first and given its comprehensive committee afterwards.
WITH asOf, by, cover, workCovered,
     CASE
       WHEN by = 'kind' THEN o.kind
       WHEN by = 'manager' THEN {{direct_manager(o)}}
       WHEN by = 'authority' THEN {{authority(o, r)}}
       WHEN depth[r.level] < depth[by] THEN r.code
       ELSE left(r.code, depth[by]) + left('000000000000', 12 - depth[by])
     END AS key,
     CASE WHEN by = 'manager' THEN {{registration_division(o, r)}} END AS division
WITH asOf, by, key, division, count(*) AS n,
     sum(CASE WHEN cover = 'org' THEN 1 ELSE 0 END) AS orgN,
     sum(CASE WHEN cover = 'functional' THEN 1 ELSE 0 END) AS functionalN,
     sum(CASE WHEN workCovered THEN 1 ELSE 0 END) AS workN
WITH by, n, orgN, functionalN, workN,
     CASE WHEN by = 'manager' AND key IS NULL
          THEN coalesce({{comprehensive_committee(division)}}, 'none') ELSE key END AS group
WITH by, group, sum(n) AS orgs, sum(orgN) AS org_covered, sum(functionalN) AS functional_covered,
     sum(workN) AS work_covered
OPTIONAL MATCH (g:Region {code: group})
OPTIONAL MATCH (m:PartyOrganization {party_org_id: group})
RETURN group,
       CASE by
         WHEN 'manager' THEN m.name
         WHEN 'authority' THEN {{authority_name(group)}}
         ELSE coalesce(g.name, {social_group: '社会团体', social_service: '社会服务机构',
                                foundation: '基金会', community: '社区社会组织'}[group])
       END AS group_name,
       orgs, org_covered, toFloat(org_covered) / orgs AS org_coverage, functional_covered,
       work_covered, toFloat(work_covered) / orgs AS work_coverage
ORDER BY group
