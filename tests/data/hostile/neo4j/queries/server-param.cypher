// name: server-param
// A parameter only the server checks: a duration.
RETURN duration($span) AS span
