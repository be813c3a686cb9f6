// name: linkage-candidates
// For each unlinked community (organization and social worker, but no tie): the active organizations in it and the licensed social workers posted at the community; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (c:Community)
WITH c, asOf,
     COLLECT {
       {{org_in(o, c)}}
       RETURN DISTINCT o.org_id
     } AS orgIds,
     COLLECT {
       {{worker_at(w, c)}}
       RETURN DISTINCT w.person_id
     } AS workerIds
WHERE size(orgIds) > 0 AND size(workerIds) > 0 AND NOT {{worker_tied(c)}}
RETURN c.code AS community_code, c.name AS community_name, orgIds AS org_ids,
       workerIds AS worker_ids
ORDER BY community_code
