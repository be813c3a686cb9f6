// name: social-work
// Per county, urban and rural communities with an active social-work agency based in or serving them, and the shares; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (c:Community)
WITH c, EXISTS {
       MATCH (o:Organization {status: 'active', social_work_agency: true})-[r:BASED_IN|SERVES]->(c)
       WHERE {{active(r)}}
     } AS served
WITH left(c.code, 6) + '000000' AS county, c.area_type AS area, served
WITH county,
     sum(CASE WHEN area = 'urban' THEN 1 ELSE 0 END) AS uc,
     sum(CASE WHEN area = 'urban' AND served THEN 1 ELSE 0 END) AS us,
     sum(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) AS rc,
     sum(CASE WHEN area = 'rural' AND served THEN 1 ELSE 0 END) AS rs
OPTIONAL MATCH (k:County {code: county})
RETURN county AS county_code, k.name AS county_name,
       uc AS urban_communities, us AS urban_served,
       CASE WHEN uc > 0 THEN toFloat(us) / uc END AS urban_share,
       rc AS rural_communities, rs AS rural_served,
       CASE WHEN rc > 0 THEN toFloat(rs) / rc END AS rural_share
ORDER BY county_code
