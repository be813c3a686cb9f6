// fragment: gap_communities
// gaps: the codes of the communities that miss a target on asOf (datasets/README.md, §4.11): density's target (community_density), no hub coverage (hub_covers, as hub-gaps), or linkage's status not linked (linkage_status). The set is their union, so each test runs only where the ones before it found no gap: linkage, the costliest, only for the communities that meet the other two. Starts a query.
CALL {
  {{community_density(c)}}
  WITH c WHERE orgs < target
  RETURN collect(c) AS lowDensity
}
OPTIONAL MATCH (d:Dataset)
WITH lowDensity, coalesce(date($as_of), d.as_of, date()) AS asOf
{{linkage_workers}}
MATCH (c:Community)
WITH c, asOf, workerAt, workerIn,
     CASE WHEN c IN lowDensity THEN true ELSE NOT EXISTS {
       {{hub_covers(h, c)}}
     } END AS gap
OPTIONAL CALL (c, asOf, workerAt, workerIn, gap) {
  WITH c, asOf, workerAt, workerIn
  WHERE NOT gap
  {{linkage_status(c)}}
  RETURN status <> 'linked' AS notLinked
}
WITH c WHERE gap OR notLinked
WITH collect(c.code) AS gaps
