// name: coverage
// Organizational and work coverage of active social organizations per group; $by: province|city|county|township|kind (default county), $include_community, $as_of (default: the dataset's).
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf,
     coalesce($by, 'county') AS by,
     {province: 2, city: 4, county: 6, township: 9, community: 12} AS depth,
     {{counted_kinds}} AS kinds
MATCH (o:Organization {status: 'active'})-[:BASED_IN]->(r:Region)
WHERE o.kind IN kinds
WITH o, r, asOf, by, depth, {{party_covered(o)}} AS orgCovered
WITH o, r, by, depth, orgCovered, orgCovered OR {{work_post(o)}} AS workCovered
WITH CASE
       WHEN by = 'kind' THEN o.kind
       WHEN depth[r.level] < depth[by] THEN r.code
       ELSE left(r.code, depth[by]) + left('000000000000', 12 - depth[by])
     END AS group, orgCovered, workCovered
WITH group, count(*) AS orgs,
     sum(CASE WHEN orgCovered THEN 1 ELSE 0 END) AS org_covered,
     sum(CASE WHEN workCovered THEN 1 ELSE 0 END) AS work_covered
OPTIONAL MATCH (g:Region {code: group})
RETURN group,
       coalesce(g.name, {social_group: '社会团体', social_service: '社会服务机构',
                         foundation: '基金会', community: '社区社会组织'}[group]) AS group_name,
       orgs, org_covered, toFloat(org_covered) / orgs AS org_coverage,
       work_covered, toFloat(work_covered) / orgs AS work_coverage
ORDER BY group
