// name: hub-overlap
// Pairs of hubs active on $as_of present in the same communities (hub_a < hub_b): how many communities both cover and which, and how many both reach; most shared coverage first; $county (communities in it).
{{as_of}}
MATCH (h:Hub)
CALL (h, asOf) {
  {{hub_reach(h, c)}}
}
WITH asOf, h, c WHERE $county IS NULL OR left(c.code, 6) = left($county, 6)
WITH asOf, h, c,
     EXISTS {
       {{hub_covers(h, c)}}
     } AS covers
WITH c, collect({id: h.org_id, covers: covers}) AS present
UNWIND present AS a
UNWIND present AS b
WITH a, b, c WHERE a.id < b.id
WITH a.id AS hub_a, b.id AS hub_b, count(c) AS shared_reached,
     collect(CASE WHEN a.covers AND b.covers THEN c.code END) AS communities
RETURN hub_a, hub_b, size(communities) AS shared_communities, communities, shared_reached
ORDER BY shared_communities DESC, shared_reached DESC, hub_a, hub_b
