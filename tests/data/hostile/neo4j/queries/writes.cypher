// name: writes
// A write, which graphgov query refuses.
CREATE (:Written {by: "graphgov query"}) RETURN 1 AS x
