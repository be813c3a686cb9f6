// fragment: party_covered(o)
// Organization o has a covering Party organization (organizational coverage).
EXISTS {
  MATCH (p:PartyOrganization)-[:COVERS]->(o)
  WHERE p.kind IN {{covering_kinds}}
}
