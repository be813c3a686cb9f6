// fragment: org_gone(o)
// Organization o is gone on asOf (§4.0): deregistered or revoked on or before asOf, or with such a status and no date (gone on every date). The negation of org_active's second condition.
CASE WHEN o.deregistered_on IS NULL THEN o.status IN ['deregistered', 'revoked']
     ELSE o.deregistered_on <= asOf END
