// fragment: cover_active(r)
// A COVERS relationship r is active on asOf: since empty or on or before asOf, until empty or on or after it.
(r.since IS NULL OR r.since <= asOf) AND (r.until IS NULL OR r.until >= asOf)
