// fragment: gap_communities
// gaps: the codes of the communities that miss a target on asOf (datasets/README.md, §4.11): density's target (community_density), no hub coverage (hub_covers, as hub-gaps), or linkage's status not linked (linkage_status). One pass over the communities; each test is run only where the ones before it found no gap (the set is their union), so linkage, the costliest, runs only for communities that meet the other two. Starts a query.
CALL {
  {{community_density(c)}}
  OPTIONAL MATCH (d:Dataset)
  WITH c, orgs < target AS lowDensity, coalesce(date($as_of), d.as_of, date()) AS asOf
  WITH c, asOf,
       CASE WHEN lowDensity THEN true ELSE NOT EXISTS {
         {{hub_covers(h, c)}}
       } END AS gap
  OPTIONAL CALL (c, asOf, gap) {
    WITH c, asOf
    WHERE NOT gap
    {{linkage_status(c)}}
    RETURN status <> 'linked' AS notLinked
  }
  WITH c WHERE gap OR notLinked
  RETURN collect(c.code) AS gaps
}
