// fragment: direct_manager(o)
// The id of the Party organization organization o names as its manager (party_manager_id, the MANAGES relationship) if it exists on asOf, else null.
head([(named:PartyOrganization)-[:MANAGES]->(o) WHERE {{party_org_exists(named)}} | named.party_org_id])
