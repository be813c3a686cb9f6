// name: org-standing
// Per registry status, where the organizations stand on $as_of, each in the first that applies: not yet founded, gone (deregistered or revoked by then, or undated), abnormal, active; and the deregistered or revoked rows without a date.
{{as_of}}
MATCH (o:Organization)
WITH o.status AS status,
     o.founded IS NOT NULL AND o.founded > asOf AS later,
     {{org_gone(o)}} AS gone,
     {{org_active(o)}} AS active,
     o.status IN ['deregistered', 'revoked'] AND o.deregistered_on IS NULL AS undated
RETURN status, count(*) AS orgs,
       sum(CASE WHEN active THEN 1 ELSE 0 END) AS active,
       sum(CASE WHEN NOT later AND NOT gone AND NOT active THEN 1 ELSE 0 END) AS abnormal,
       sum(CASE WHEN NOT later AND gone THEN 1 ELSE 0 END) AS gone,
       sum(CASE WHEN later THEN 1 ELSE 0 END) AS not_yet_founded,
       sum(CASE WHEN undated THEN 1 ELSE 0 END) AS undated_gone
ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'abnormal' THEN 1 WHEN 'deregistered' THEN 2
                     ELSE 3 END
