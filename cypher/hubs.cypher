// name: hubs
// Reach of each active hub or support organization: organizations it supports or incubates, communities and townships it reaches, communities no other hub reaches; $as_of, $county (hubs based in it).
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
OPTIONAL MATCH (h:Hub {status: 'active'})
CALL (h, asOf) {
  {{hub_reach(h, c)}}
}
WITH asOf, c, collect(DISTINCT h.org_id) AS hubIds
UNWIND hubIds AS hubId
WITH hubId, count(c) AS reached, count(DISTINCT left(c.code, 9)) AS townships,
     sum(CASE WHEN size(hubIds) = 1 THEN 1 ELSE 0 END) AS exclusive
WITH collect({id: hubId, reached: reached, townships: townships, exclusive: exclusive}) AS stats
OPTIONAL MATCH (d:Dataset)
WITH stats, coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (h:Hub {status: 'active'})-[:BASED_IN]->(r:Region)
WHERE $county IS NULL OR left(r.code, 6) = left($county, 6)
WITH h, asOf, head([s IN stats WHERE s.id = h.org_id]) AS s,
     size(COLLECT {
       MATCH (h)-[l:SUPPORTS|INCUBATES]->(o:Organization {status: 'active'})
       WHERE {{active(l)}}
       RETURN DISTINCT o.org_id
     }) AS supported
RETURN h.org_id AS hub_id, h.name AS name, h.hub_role AS hub_role, supported AS orgs_supported,
       coalesce(s.reached, 0) AS communities_reached,
       coalesce(s.townships, 0) AS townships_reached,
       coalesce(s.exclusive, 0) AS exclusive_communities
ORDER BY communities_reached DESC, hub_id
