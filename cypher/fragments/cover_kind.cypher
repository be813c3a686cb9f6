// fragment: cover_kind(o)
// How organization o is covered on asOf: 'org' (organizational coverage), 'functional' (functional coverage only) or null.
CASE
  WHEN {{party_covered(o)}} THEN 'org'
  WHEN {{functional_covered(o)}} THEN 'functional'
END
