// name: hub-overlap
// Pairs of active hubs reaching the same communities (hub_a < hub_b): how many and which; $as_of, $county (communities in it).
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (h:Hub {status: 'active'})
CALL (h, asOf) {
  {{hub_reach(h, c)}}
}
WITH DISTINCT h.org_id AS hubId, c.code AS code
WHERE $county IS NULL OR left(code, 6) = left($county, 6)
WITH code, collect(hubId) AS hubIds
UNWIND hubIds AS a
UNWIND hubIds AS b
WITH a, b, code WHERE a < b
WITH a, b, code ORDER BY code
WITH a, b, collect(code) AS communities
RETURN a AS hub_a, b AS hub_b, size(communities) AS shared_communities, communities
ORDER BY shared_communities DESC, hub_a, hub_b
