// name: two
// Two statements.
RETURN 1 AS x;
RETURN 2 AS x
