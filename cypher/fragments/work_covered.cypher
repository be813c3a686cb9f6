// fragment: work_covered(o, r, cover)
// Organization o, based in region r and covered as cover says (cover_kind), is work-covered on asOf: covered either way, an active liaison or instructor post at it, or, for a community organization, an existing community Party organization leading the community it is based in.
cover IS NOT NULL OR {{work_post(o)}}
  OR (o.kind = 'community' AND EXISTS {
    MATCH (leader:PartyOrganization {kind: 'community'})-[:LEADS]->(r)
    WHERE {{party_org_exists(leader)}}
  })
