// name: good
// One row: the number 1.
RETURN 1 AS x
