// name: bad-syntax
// A pattern left open.
MATCH (n RETURN n
