// name: linkage
// Three-society linkage per community: an active organization in it, a licensed social worker posted at it or at such an organization, and whether a worker is tied to an organization; $as_of.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (c:Community)
WITH c,
     EXISTS {
       MATCH (:Organization {status: 'active'})-[r:BASED_IN|SERVES]->(c)
       WHERE (r.start IS NULL OR r.start <= asOf) AND (r.end IS NULL OR r.end >= asOf)
     } AS hasOrg,
     EXISTS {
       MATCH (:SocialWorker)-[p:HOLDS_POST]->(:Organization {status: 'active'})-[r:BASED_IN|SERVES]->(c)
       WHERE (p.start IS NULL OR p.start <= asOf) AND (p.end IS NULL OR p.end >= asOf)
         AND (r.start IS NULL OR r.start <= asOf) AND (r.end IS NULL OR r.end >= asOf)
     } AS linked,
     EXISTS {
       MATCH (:SocialWorker)-[p:HOLDS_POST]->(c)
       WHERE (p.start IS NULL OR p.start <= asOf) AND (p.end IS NULL OR p.end >= asOf)
     } AS atCommunity
WITH c, hasOrg, linked, linked OR atCommunity AS hasWorker
RETURN c.code AS community_code, hasOrg AS has_org, hasWorker AS has_worker, linked,
       CASE WHEN linked THEN 'linked'
            WHEN hasOrg AND hasWorker THEN 'unlinked'
            WHEN hasOrg THEN 'org_only'
            WHEN hasWorker THEN 'worker_only'
            ELSE 'none' END AS status
ORDER BY community_code
