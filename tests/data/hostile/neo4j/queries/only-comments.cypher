// name: only-comments
// A query whose body is all comments.
// MATCH (n) RETURN n
