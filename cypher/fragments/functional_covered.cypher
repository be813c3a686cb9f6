// fragment: functional_covered(o)
// Organization o is covered on asOf by an existing functional or extended Party organization with an active cover.
EXISTS {
  MATCH (coverer:PartyOrganization)-[link:COVERS]->(o)
  WHERE coverer.kind IN {{functional_kinds}}
    AND {{party_org_exists(coverer)}} AND {{cover_active(link)}}
}
