// name: counties
// Per county that has communities: its name, the townships with communities, and the communities, urban and rural.
MATCH (c:Community)
WITH left(c.code, 6) + '000000' AS county, count(*) AS communities,
     count(DISTINCT left(c.code, 9)) AS townships,
     sum(CASE WHEN c.area_type = 'urban' THEN 1 ELSE 0 END) AS urban,
     sum(CASE WHEN c.area_type = 'rural' THEN 1 ELSE 0 END) AS rural
OPTIONAL MATCH (k:County {code: county})
RETURN county AS county_code, k.name AS county_name, townships, communities,
       urban AS urban_communities, rural AS rural_communities
ORDER BY county_code
