// fragment: linkage_status(c)
// Three-society linkage of community c on asOf: hasOrg, hasWorker (a licensed social worker at c, its community Party organization or an organization in it), linked (one at an organization in c), tie (the community tie) and the status. Carries c and asOf.
WITH c, asOf,
     COLLECT {
       MATCH (x:Person)
       {{community_post(x, c)}}
       RETURN DISTINCT x
     } AS staff
WITH c, asOf,
     EXISTS {
       {{org_in(o, c)}}
     } AS hasOrg,
     {{worker_tied(c)}} AS linked,
     any(x IN staff WHERE x:SocialWorker) AS atCommunity,
     {{community_tie(c, staff)}} AS tie
WITH c, asOf, hasOrg, linked, tie, linked OR atCommunity AS hasWorker
WITH c, asOf, hasOrg, hasWorker, linked, tie,
     CASE WHEN tie THEN 'linked'
          WHEN hasOrg AND hasWorker THEN 'unlinked'
          WHEN hasOrg THEN 'org_only'
          WHEN hasWorker THEN 'worker_only'
          ELSE 'none' END AS status
