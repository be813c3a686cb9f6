// name: org-status
// Organizations (hubs included) per registry status and kind, whatever their dates.
MATCH (o:Organization)
RETURN o.status AS status, o.kind AS kind, count(*) AS orgs
ORDER BY status, kind
