// name: linkage-candidates
// For each unlinked community (organization and social worker, but no community tie) on $as_of: the active organizations in it and the licensed social workers posted at the community, its community Party organization or an organization in it.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
{{linkage_workers}}
MATCH (c:Community)
{{linkage_status(c)}}
WITH c, asOf, status
WHERE status = 'unlinked'
RETURN c.code AS community_code, c.name AS community_name,
       COLLECT {
         {{org_in(o, c)}}
         RETURN o.org_id
       } AS org_ids,
       COLLECT {
         MATCH (w:SocialWorker)
         {{community_post(w, c)}}
         RETURN w.person_id
       } + COLLECT {
         {{org_in(o, c)}}
         {{worker_at(w, o)}}
         RETURN w.person_id
       } AS worker_ids
ORDER BY community_code
