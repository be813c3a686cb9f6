// fragment: linkage_status(c)
// Three-society linkage of community c on asOf: hasOrg, hasWorker (a licensed social worker at c, its community Party organization or an organization in it), linked (one at an organization in c), tie (the community tie) and the status. Carries c and asOf. The organizations in c are found once (orgs), and those where a licensed social worker holds an active post once (workerOrgs); the people posted at c (staff) are gathered only where the tie can hold (some workerOrgs).
WITH c, asOf,
     COLLECT {
       {{org_in(o, c)}}
       RETURN DISTINCT o
     } AS orgs
WITH c, asOf, orgs,
     [o IN orgs WHERE EXISTS {
       {{worker_at(w, o)}}
     }] AS workerOrgs
WITH c, asOf, orgs, workerOrgs,
     EXISTS {
       MATCH (x:SocialWorker)
       {{community_post(x, c)}}
     } AS atCommunity,
     CASE WHEN size(workerOrgs) = 0 THEN [] ELSE COLLECT {
       MATCH (x:Person)
       {{community_post(x, c)}}
       RETURN DISTINCT x
     } END AS staff
WITH c, asOf, size(orgs) > 0 AS hasOrg, size(workerOrgs) > 0 AS linked, atCommunity,
     {{community_tie(c, staff, workerOrgs)}} AS tie
WITH c, asOf, hasOrg, linked, tie, linked OR atCommunity AS hasWorker
WITH c, asOf, hasOrg, hasWorker, linked, tie,
     CASE WHEN tie THEN 'linked'
          WHEN hasOrg AND hasWorker THEN 'unlinked'
          WHEN hasOrg THEN 'org_only'
          WHEN hasWorker THEN 'worker_only'
          ELSE 'none' END AS status
