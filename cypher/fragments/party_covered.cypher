// fragment: party_covered(o)
// Organization o is organizationally covered on asOf: an existing Party organization of a formal kind covers it with an active cover.
EXISTS {
  MATCH (coverer:PartyOrganization)-[link:COVERS]->(o)
  WHERE coverer.kind IN {{covering_kinds}}
    AND {{party_org_exists(coverer)}} AND {{cover_active(link)}}
}
