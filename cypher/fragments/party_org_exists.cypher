// fragment: party_org_exists(p)
// Party organization p exists on asOf: founded empty or on or before asOf, dissolved empty or after it (the dissolution date is its first day gone).
(p.founded IS NULL OR p.founded <= asOf) AND (p.dissolved IS NULL OR p.dissolved > asOf)
