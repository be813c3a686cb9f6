// fragment: linkage_status(c)
// Three-society linkage of community c on asOf (after linkage_workers, which it uses: workerAt, workerIn): hasOrg, hasWorker (a licensed social worker at c, its community Party organization or an organization in it), linked (one at an organization in c), tie (the community tie) and the status. Carries c, asOf, workerAt and workerIn. The organizations in c are found once (orgs), and those where a licensed social worker holds an active post once (workerOrgs); the people posted at c (staff) are gathered only where the tie can hold (some workerOrgs).
WITH c, asOf, workerAt, workerIn,
     COLLECT {
       {{org_in(o, c)}}
       RETURN DISTINCT o
     } AS orgs
WITH c, asOf, workerAt, workerIn, orgs, [o IN orgs WHERE o IN workerAt] AS workerOrgs
WITH c, asOf, workerAt, workerIn, orgs, workerOrgs, c IN workerIn AS atCommunity,
     CASE WHEN size(workerOrgs) = 0 THEN [] ELSE COLLECT {
       MATCH (x:Person)
       {{community_post(x, c)}}
       RETURN DISTINCT x
     } END AS staff
WITH c, asOf, workerAt, workerIn, size(orgs) > 0 AS hasOrg, size(workerOrgs) > 0 AS linked,
     atCommunity, {{community_tie(c, staff, workerOrgs)}} AS tie
WITH c, asOf, workerAt, workerIn, hasOrg, linked, tie, linked OR atCommunity AS hasWorker
WITH c, asOf, workerAt, workerIn, hasOrg, hasWorker, linked, tie,
     CASE WHEN tie THEN 'linked'
          WHEN hasOrg AND hasWorker THEN 'unlinked'
          WHEN hasOrg THEN 'org_only'
          WHEN hasWorker THEN 'worker_only'
          ELSE 'none' END AS status
