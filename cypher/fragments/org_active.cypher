// fragment: org_active(o)
// Organization o is active on asOf (datasets/README.md, §4.0): it exists (founded empty or on or before asOf; deregistered_on empty or after asOf, and a deregistered or revoked one without a date is gone) and is not abnormal (abnormal_since <= asOf < abnormal_until, either end open when empty; with neither date, status abnormal).
(o.founded IS NULL OR o.founded <= asOf)
AND CASE WHEN o.deregistered_on IS NULL THEN NOT o.status IN ['deregistered', 'revoked']
         ELSE o.deregistered_on > asOf END
AND NOT CASE WHEN o.abnormal_since IS NULL AND o.abnormal_until IS NULL THEN o.status = 'abnormal'
             ELSE coalesce(o.abnormal_since <= asOf, true) AND coalesce(asOf < o.abnormal_until, true) END
