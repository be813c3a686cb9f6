// name: social-work
// Per county on $as_of, urban and rural communities served by social work and the shares: an active agency in the community, an active social-work station there run by an active agency, or an active agency's active purchased service for it; and how many communities each path serves.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (c:Community)
WITH c,
     EXISTS {
       {{org_in(o, c)}}
         AND o.social_work_agency = true
     } AS byAgency,
     EXISTS {
       MATCH (o:Organization)-[:OPERATES]->(f:Facility {kind: 'social_work_station'})-[:BASED_IN]->(c)
       WHERE {{agency_active(o)}} AND {{facility_active(f)}}
     } AS byStation,
     EXISTS {
       MATCH (o:Organization)-[r:PURCHASED_BY]->(c)
       WHERE {{agency_active(o)}} AND {{active(r)}}
     } AS byPurchase
WITH left(c.code, 6) + '000000' AS county, c.area_type AS area, byAgency, byStation,
     byPurchase, byAgency OR byStation OR byPurchase AS served
WITH county,
     sum(CASE WHEN area = 'urban' THEN 1 ELSE 0 END) AS uc,
     sum(CASE WHEN area = 'urban' AND served THEN 1 ELSE 0 END) AS us,
     sum(CASE WHEN area = 'rural' THEN 1 ELSE 0 END) AS rc,
     sum(CASE WHEN area = 'rural' AND served THEN 1 ELSE 0 END) AS rs,
     sum(CASE WHEN byAgency THEN 1 ELSE 0 END) AS agency,
     sum(CASE WHEN byStation THEN 1 ELSE 0 END) AS station,
     sum(CASE WHEN byPurchase THEN 1 ELSE 0 END) AS purchase
OPTIONAL MATCH (k:County {code: county})
RETURN county AS county_code, k.name AS county_name,
       uc AS urban_communities, us AS urban_served,
       CASE WHEN uc > 0 THEN toFloat(us) / uc END AS urban_share,
       rc AS rural_communities, rs AS rural_served,
       CASE WHEN rc > 0 THEN toFloat(rs) / rc END AS rural_share,
       agency AS served_by_agency, station AS served_by_station,
       purchase AS served_by_purchase
ORDER BY county_code
