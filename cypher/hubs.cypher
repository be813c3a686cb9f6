// name: hubs
// Coverage and reach of each hub or support organization active on $as_of: organizations it supports or incubates, townships and communities it covers, communities it reaches, communities no other hub covers; most communities covered first; $county (hubs based in it).
{{as_of}}
OPTIONAL MATCH (h:Hub)
CALL (h, asOf) {
  {{hub_covers(h, c)}}
}
WITH c, collect(h.org_id) AS hubIds
UNWIND hubIds AS hubId
WITH hubId, count(c) AS covered, sum(CASE WHEN size(hubIds) = 1 THEN 1 ELSE 0 END) AS exclusive
WITH collect({id: hubId, covered: covered, exclusive: exclusive}) AS stats
OPTIONAL MATCH (d:Dataset)
WITH stats, coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (h:Hub)-[:BASED_IN]->(base:Region)
WHERE {{org_active(h)}} AND ($county IS NULL OR left(base.code, 6) = left($county, 6))
WITH h, base, asOf, head([s IN stats WHERE s.id = h.org_id]) AS s
RETURN h.org_id AS hub_id, h.name AS name, h.hub_role AS hub_role, base.level AS base_level,
       COUNT {
         MATCH (h)-[l:SUPPORTS|INCUBATES]->(o:Organization)
         WHERE {{active(l)}} AND {{org_active(o)}}
         RETURN DISTINCT o
       } AS orgs_supported,
       COUNT {
         {{hub_townships(h, t)}}
       } AS townships_covered,
       coalesce(s.covered, 0) AS communities_covered,
       COUNT {
         {{hub_reach(h, c)}}
       } AS communities_reached,
       coalesce(s.exclusive, 0) AS exclusive_communities
ORDER BY communities_covered DESC, communities_reached DESC, hub_id
