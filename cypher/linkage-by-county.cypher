// name: linkage-by-county
// Three-society linkage rolled up per county: communities in each status (linked, unlinked, org_only, worker_only, none); $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
{{linkage_workers}}
MATCH (c:Community)
{{linkage_status(c)}}
WITH left(c.code, 6) + '000000' AS county, status
WITH county, count(*) AS communities,
     sum(CASE status WHEN 'linked' THEN 1 ELSE 0 END) AS linked,
     sum(CASE status WHEN 'unlinked' THEN 1 ELSE 0 END) AS unlinked,
     sum(CASE status WHEN 'org_only' THEN 1 ELSE 0 END) AS org_only,
     sum(CASE status WHEN 'worker_only' THEN 1 ELSE 0 END) AS worker_only,
     sum(CASE status WHEN 'none' THEN 1 ELSE 0 END) AS none
OPTIONAL MATCH (k:County {code: county})
RETURN county AS county_code, k.name AS county_name, communities, linked, unlinked, org_only,
       worker_only, none
ORDER BY county_code
