// name: hubs
// Coverage and reach of each hub or support organization active on $as_of: organizations it supports or incubates, townships and communities it covers, communities it reaches, communities no other hub covers; most communities covered first; $county (hubs based in it).
{{as_of}}
CALL (asOf) {
  MATCH (h:Hub)
  CALL (h, asOf) {
    {{hub_covers(h, c)}}
  }
  WITH c, collect(h) AS hubs
  UNWIND hubs AS h
  RETURN h, count(c) AS covered, sum(CASE WHEN size(hubs) = 1 THEN 1 ELSE 0 END) AS exclusive
  UNION ALL
  MATCH (h:Hub)
  WHERE NOT EXISTS {
    {{hub_covers(h, c)}}
  }
  RETURN h, 0 AS covered, 0 AS exclusive
}
MATCH (h)-[:BASED_IN]->(base:Region)
WHERE {{org_active(h)}} AND ($county IS NULL OR left(base.code, 6) = left($county, 6))
RETURN h.org_id AS hub_id, h.name AS name, h.hub_role AS hub_role, base.level AS base_level,
       COUNT {
         MATCH (h)-[l:SUPPORTS|INCUBATES]->(o:Organization)
         WHERE {{active(l)}} AND {{org_active(o)}}
         RETURN DISTINCT o
       } AS orgs_supported,
       COUNT {
         {{hub_townships(h, t)}}
       } AS townships_covered,
       covered AS communities_covered,
       COUNT {
         {{hub_reach(h, c)}}
       } AS communities_reached,
       exclusive AS exclusive_communities
ORDER BY communities_covered DESC, communities_reached DESC, hub_id
