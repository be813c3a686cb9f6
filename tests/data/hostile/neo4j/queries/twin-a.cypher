// name: twin
// One of two files with the same name.
RETURN 1 AS x
