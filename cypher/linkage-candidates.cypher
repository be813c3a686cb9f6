// name: linkage-candidates
// For each unlinked community (organization and social worker, but no tie): the active organizations in it and the licensed social workers posted at the community; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (c:Community)
WITH c, asOf,
     COLLECT {
       MATCH (o:Organization {status: 'active'})-[r:BASED_IN|SERVES]->(c)
       WHERE (r.start IS NULL OR r.start <= asOf) AND (r.end IS NULL OR r.end >= asOf)
       RETURN DISTINCT o.org_id
     } AS orgIds,
     COLLECT {
       MATCH (w:SocialWorker)-[p:HOLDS_POST]->(c)
       WHERE (p.start IS NULL OR p.start <= asOf) AND (p.end IS NULL OR p.end >= asOf)
       RETURN DISTINCT w.person_id
     } AS workerIds
WHERE size(orgIds) > 0 AND size(workerIds) > 0
  AND NOT EXISTS {
    MATCH (:SocialWorker)-[p:HOLDS_POST]->(:Organization {status: 'active'})-[r:BASED_IN|SERVES]->(c)
    WHERE (p.start IS NULL OR p.start <= asOf) AND (p.end IS NULL OR p.end >= asOf)
      AND (r.start IS NULL OR r.start <= asOf) AND (r.end IS NULL OR r.end >= asOf)
  }
RETURN c.code AS community_code, c.name AS community_name, orgIds AS org_ids,
       workerIds AS worker_ids
ORDER BY community_code
