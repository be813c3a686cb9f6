// fragment: linkage_status(c)
// Three-society linkage of community c: hasOrg, hasWorker, linked (a worker posted at an organization in c) and the status.
WITH c,
     EXISTS {
       {{org_in(o, c)}}
     } AS hasOrg,
     {{worker_tied(c)}} AS linked,
     EXISTS {
       {{worker_at(w, c)}}
     } AS atCommunity
WITH c, hasOrg, linked, linked OR atCommunity AS hasWorker
WITH c, hasOrg, hasWorker, linked,
     CASE WHEN linked THEN 'linked'
          WHEN hasOrg AND hasWorker THEN 'unlinked'
          WHEN hasOrg THEN 'org_only'
          WHEN hasWorker THEN 'worker_only'
          ELSE 'none' END AS status
