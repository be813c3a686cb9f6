// name: density-by-county
// Per county: urban and rural communities meeting the community-organization target and the shares, all communities, and the organizations still needed; lowest share first; $as_of, targets as in density.
{{community_density(c)}}
WITH left(c.code, 6) + '000000' AS county, c.area_type AS area, orgs >= target AS met,
     CASE WHEN target > orgs THEN target - orgs ELSE 0 END AS deficit
WITH county, sum(deficit) AS deficit,
     sum(CASE WHEN area = 'urban' THEN 1 ELSE 0 END) AS uc,
     sum(CASE WHEN area = 'urban' AND met THEN 1 ELSE 0 END) AS um,
     sum(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) AS rc,
     sum(CASE WHEN area = 'rural' AND met THEN 1 ELSE 0 END) AS rm
WITH county, deficit, uc, um, rc, rm, uc + rc AS n, um + rm AS m
OPTIONAL MATCH (k:County {code: county})
RETURN county AS county_code, k.name AS county_name,
       uc AS urban_communities, um AS urban_meeting,
       CASE WHEN uc > 0 THEN toFloat(um) / uc END AS urban_share,
       rc AS rural_communities, rm AS rural_meeting,
       CASE WHEN rc > 0 THEN toFloat(rm) / rc END AS rural_share,
       n AS communities, m AS meeting, CASE WHEN n > 0 THEN toFloat(m) / n END AS share,
       deficit
ORDER BY share, deficit DESC, county_code
