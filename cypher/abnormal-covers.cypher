// name: abnormal-covers
// Action items on $as_of: an existing Party organization with an active cover on an organization that exists and is abnormal (on the abnormal-activity list).
{{as_of}}
MATCH (p:PartyOrganization)-[r:COVERS]->(o:Organization)
WHERE {{cover_active(r)}} AND {{party_org_exists(p)}}
  AND (o.founded IS NULL OR o.founded <= asOf) AND NOT {{org_gone(o)}}
  AND NOT ({{org_active(o)}})
RETURN p.party_org_id AS party_org_id, p.name AS party_org_name, p.kind AS party_org_kind,
       o.org_id AS org_id, o.name AS org_name, o.region_code AS region_code,
       toString(o.abnormal_since) AS abnormal_since
ORDER BY party_org_id, org_id
