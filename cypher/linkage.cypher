// name: linkage
// Three-society linkage per community: an active organization in it, a licensed social worker posted at it or at such an organization, and whether a worker is tied to an organization; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (c:Community)
{{linkage_status(c)}}
RETURN c.code AS community_code, hasOrg AS has_org, hasWorker AS has_worker, linked, status
ORDER BY community_code
