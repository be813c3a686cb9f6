// name: funding
// Per county and township, the active purchased services of active providers on $as_of: projects, amount, providers, communities served, and the share of the amount going to communities that miss the density target ($community_urban_min, $community_rural_min), have no hub coverage or are not linked.
{{gap_communities}}
OPTIONAL MATCH (d:Dataset)
WITH gaps, coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (o:Organization)-[r:PURCHASED_BY]->(t)
WHERE {{active(r)}} AND {{org_active(o)}}
OPTIONAL MATCH (t:Organization)-[:BASED_IN]->(b:Region)
WITH gaps, o, r, CASE WHEN t:Region THEN t ELSE b END AS place
WHERE place:County OR place:Township OR place:Community
WITH o, r, place.code IN gaps AS toGap, left(place.code, 6) + '000000' AS county,
     CASE WHEN place:County THEN [] ELSE [left(place.code, 9) + '000'] END AS town,
     CASE WHEN place:Community THEN place.code END AS community
UNWIND [county] + town AS region
WITH region, count(*) AS projects, sum(r.amount_cny) AS amount,
     count(DISTINCT o) AS providers, count(DISTINCT community) AS served,
     sum(CASE WHEN toGap THEN r.amount_cny ELSE 0 END) AS toGaps
OPTIONAL MATCH (u:Region {code: region})
RETURN region AS region_code, u.name AS name,
       CASE WHEN region ENDS WITH '000000' THEN 'county' ELSE 'township' END AS level,
       projects, toFloat(amount) AS amount_cny, providers, served AS communities_served,
       CASE WHEN amount > 0 THEN toFloat(toGaps) / amount END AS share_to_gap_communities
ORDER BY region_code
