// fragment: facility_active(f)
// Facility f is active on asOf: opened empty or on or before asOf, closed empty or on or after it.
(f.opened IS NULL OR f.opened <= asOf) AND (f.closed IS NULL OR f.closed >= asOf)
