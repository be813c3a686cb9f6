// fragment: density_rollup(region)
// The rows of community_density (c, orgs, target) added up per region (its code, given as region): per area type the communities, organizations, average, shortfall (max(0, targets - orgs)), those meeting the target and their share; then all communities; largest shortfall first.
WITH region, c.area_type AS area, orgs, target, orgs >= target AS met
WITH region,
     sum(CASE WHEN area = 'urban' THEN 1 ELSE 0 END) AS uc,
     sum(CASE WHEN area = 'urban' THEN orgs ELSE 0 END) AS uo,
     sum(CASE WHEN area = 'urban' THEN target ELSE 0 END) AS ut,
     sum(CASE WHEN area = 'urban' AND met THEN 1 ELSE 0 END) AS um,
     sum(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) AS rc,
     sum(CASE WHEN area = 'rural' THEN orgs ELSE 0 END) AS ro,
     sum(CASE WHEN area = 'rural' THEN target ELSE 0 END) AS rt,
     sum(CASE WHEN area = 'rural' AND met THEN 1 ELSE 0 END) AS rm
WITH region, uc, uo, um, rc, ro, rm,
     CASE WHEN ut > uo THEN ut - uo ELSE 0 END AS us, CASE WHEN rt > ro THEN rt - ro ELSE 0 END AS rs
OPTIONAL MATCH (r:Region {code: region})
RETURN region AS region_code, r.name AS region_name,
       uc AS urban_communities, uo AS urban_orgs,
       CASE WHEN uc > 0 THEN toFloat(uo) / uc END AS urban_average, us AS urban_shortfall,
       um AS urban_meeting, CASE WHEN uc > 0 THEN toFloat(um) / uc END AS urban_share,
       rc AS rural_communities, ro AS rural_orgs,
       CASE WHEN rc > 0 THEN toFloat(ro) / rc END AS rural_average, rs AS rural_shortfall,
       rm AS rural_meeting, CASE WHEN rc > 0 THEN toFloat(rm) / rc END AS rural_share,
       uc + rc AS communities, us + rs AS shortfall, um + rm AS meeting,
       CASE WHEN uc + rc > 0 THEN toFloat(um + rm) / (uc + rc) END AS share
ORDER BY shortfall DESC, region_code
