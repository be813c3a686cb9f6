// fragment: cross_appointed(p)
// Persons p with active posts in both sectors on asOf (datasets/README.md, §4.9), at active organizations, existing Party organizations and communities: bodies (their distinct merged bodies, see merged_body), communities (codes of the communities whose committee or community Party organization they sit on), organizations (active organizations they hold posts at, or that a non-community Party organization of theirs covers with an active cover), both non-empty, and type (party_to_party, community_to_registered, community_to_filed). Each person is gathered in a subquery of its own, so that memory holds one person's posts at a time, not every person's (the national graph ran out of transaction memory); persons without a post at a body of each sector, whatever the dates, are passed over first.
MATCH (p:Person)
WHERE EXISTS { (p)-[:HOLDS_POST]->(x) WHERE x:Community OR x:PartyOrganization AND x.kind = 'community' }
  AND EXISTS { (p)-[:HOLDS_POST]->(y) WHERE y:Organization OR y:PartyOrganization AND y.kind <> 'community' }
CALL (p, asOf) {
  MATCH (p)-[h:HOLDS_POST]->(b)
  WHERE {{active(h)}}
    AND CASE WHEN b:Organization THEN ({{org_active(b)}})
             WHEN b:PartyOrganization THEN {{party_org_exists(b)}}
             ELSE true END
  WITH p, b,
       CASE WHEN b:PartyOrganization AND b.kind <> 'community'
            THEN reduce(acc = [], x IN [(b)-[r:COVERS]->(o:Organization)
                                        WHERE {{cover_active(r)}} AND {{org_active(o)}} | o]
                        | CASE WHEN x IN acc THEN acc ELSE acc + x END)
            ELSE [] END AS covered
  WITH p, b, covered, {{merged_body(b, covered)}} AS node
  WITH p, collect(DISTINCT node) AS bodies,
       collect(DISTINCT CASE WHEN b:Community THEN b.code
                             WHEN b:PartyOrganization AND b.kind = 'community' THEN b.region_code
                        END) AS communities,
       reduce(acc = [], os IN collect(CASE WHEN b:Organization THEN [b] ELSE covered END)
              | acc + os) AS orgs,
       any(x IN collect(b:PartyOrganization AND b.kind = 'community') WHERE x) AS atCommunityParty,
       any(x IN collect(size(covered) > 0) WHERE x) AS atCoveringParty
  WHERE size(communities) > 0 AND size(orgs) > 0
  RETURN bodies, communities, [o IN orgs | o.org_id] AS organizations,
       CASE WHEN atCommunityParty AND atCoveringParty THEN 'party_to_party'
            WHEN any(o IN orgs WHERE o.kind <> 'community') THEN 'community_to_registered'
            ELSE 'community_to_filed' END AS type
}
