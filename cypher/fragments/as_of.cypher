// fragment: as_of
// The date the query looks at, asOf: $as_of, else the dataset's, else today (the query's first lines).
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
