// fragment: comprehensive_committee(code)
// The id of the comprehensive committee (社会组织综合党委) of division code existing on asOf (the smallest id if several), else null.
head(COLLECT {
  MATCH (committee:PartyOrganization {kind: 'comprehensive_committee'})
  WHERE committee.region_code = code AND {{party_org_exists(committee)}}
  RETURN committee.party_org_id ORDER BY committee.party_org_id
})
