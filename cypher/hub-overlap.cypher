// name: hub-overlap
// Pairs of active hubs reaching the same communities (hub_a < hub_b): how many and which; $as_of, $county (communities in it).
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (h:Hub {status: 'active'})
CALL {
  WITH h, asOf
  MATCH (h)-[r:BASED_IN|SERVES]->(c:Community)
  WHERE (r.start IS NULL OR r.start <= asOf) AND (r.end IS NULL OR r.end >= asOf)
  RETURN c
  UNION
  WITH h, asOf
  MATCH (h)-[r:BASED_IN|SERVES]->(:Township)<-[:PART_OF]-(c:Community)
  WHERE (r.start IS NULL OR r.start <= asOf) AND (r.end IS NULL OR r.end >= asOf)
  RETURN c
  UNION
  WITH h, asOf
  MATCH (h)-[l:SUPPORTS|INCUBATES]->(:Organization {status: 'active'})-[:BASED_IN]->(c:Community)
  WHERE (l.start IS NULL OR l.start <= asOf) AND (l.end IS NULL OR l.end >= asOf)
  RETURN c
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
