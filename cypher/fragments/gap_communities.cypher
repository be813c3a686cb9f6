// fragment: gap_communities
// gaps: the codes of the communities that miss a target on asOf (datasets/README.md, §4.11): density's target (community_density), no hub coverage (hub_covers, as hub-gaps), or linkage's status not linked (linkage_status). Each list comes from its own uncorrelated subquery; starts a query.
CALL {
  {{community_density(c)}}
  WITH c WHERE orgs < target
  RETURN collect(c.code) AS lowDensity
}
CALL {
  {{as_of}}
  MATCH (c:Community)
  WHERE NOT EXISTS {
    {{hub_covers(h, c)}}
  }
  RETURN collect(c.code) AS uncovered
}
CALL {
  {{as_of}}
  MATCH (c:Community)
  {{linkage_status(c)}}
  WITH c WHERE status <> 'linked'
  RETURN collect(c.code) AS notLinked
}
WITH lowDensity + uncovered + notLinked AS gaps
