// name: twin
// The other.
RETURN 2 AS x
