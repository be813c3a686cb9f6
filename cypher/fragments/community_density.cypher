// fragment: community_density(c)
// Per community c: orgs (organizations of kind community active on asOf based in it; with $count_registered also the registered kinds) and its target (urban >= $community_urban_min, rural >= $community_rural_min; default: the dataset's targets).
OPTIONAL MATCH (d:Dataset)
WITH coalesce($community_urban_min, d.community_urban_min, 15) AS urbanMin,
     coalesce($community_rural_min, d.community_rural_min, 5) AS ruralMin,
     coalesce(date($as_of), d.as_of, date()) AS asOf,
     ['community'] + CASE WHEN coalesce($count_registered, false) THEN {{registered_kinds}} ELSE [] END
       AS kinds
MATCH (c:Community)
OPTIONAL MATCH (o:Organization)-[:BASED_IN]->(c)
  WHERE o.kind IN kinds AND {{org_active(o)}}
WITH c, count(o) AS orgs,
     CASE c.area_type WHEN 'urban' THEN urbanMin ELSE ruralMin END AS target
