// fragment: community_density(c)
// Per community c: orgs (active community organizations based in it, founded by asOf or undated) and its target (urban >= $community_urban_min, rural >= $community_rural_min; default: the dataset's targets).
OPTIONAL MATCH (d:Dataset)
WITH coalesce($community_urban_min, d.community_urban_min, 15) AS urbanMin,
     coalesce($community_rural_min, d.community_rural_min, 5) AS ruralMin,
     coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (c:Community)
OPTIONAL MATCH (o:Organization {kind: 'community', status: 'active'})-[:BASED_IN]->(c)
  WHERE o.founded IS NULL OR o.founded <= asOf
WITH c, count(o) AS orgs,
     CASE c.area_type WHEN 'urban' THEN urbanMin ELSE ruralMin END AS target
