// fragment: active(x)
// A post, service or cover x is active on asOf: its start empty or on or before asOf, its end empty or on or after it.
(x.start IS NULL OR x.start <= asOf) AND (x.end IS NULL OR x.end >= asOf)
