// name: linkage
// Three-society linkage per community on $as_of: an active organization in it, a licensed social worker posted at it (its committee, its community Party organization or such an organization), one posted at such an organization, the community tie, and the status.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
{{linkage_workers}}
MATCH (c:Community)
{{linkage_status(c)}}
RETURN c.code AS community_code, hasOrg AS has_org, hasWorker AS has_worker, linked,
       tie AS community_tie, status
ORDER BY community_code
