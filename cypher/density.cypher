// name: density
// Active community social organizations based in each community and founded by $as_of (or undated), against its target (urban >= $community_urban_min, rural >= $community_rural_min; default: the dataset's targets).
OPTIONAL MATCH (d:Dataset)
WITH coalesce($community_urban_min, d.community_urban_min, 15) AS urbanMin,
     coalesce($community_rural_min, d.community_rural_min, 5) AS ruralMin,
     coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (c:Community)
OPTIONAL MATCH (o:Organization {kind: 'community', status: 'active'})-[:BASED_IN]->(c)
  WHERE o.founded IS NULL OR o.founded <= asOf
WITH c, count(o) AS orgs,
     CASE c.area_type WHEN 'urban' THEN urbanMin ELSE ruralMin END AS target
RETURN c.code AS community_code, c.name AS community_name,
       left(c.code, 6) + '000000' AS county_code, c.area_type AS area_type, orgs, target,
       CASE WHEN target > orgs THEN target - orgs ELSE 0 END AS deficit,
       orgs >= target AS meets_target
ORDER BY community_code
