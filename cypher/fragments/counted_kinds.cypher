// fragment: counted_kinds
// The kinds coverage and gaps count: the registered ones, and community ones with $include_community.
{{registered_kinds}}
  + CASE WHEN coalesce($include_community, false) THEN ['community'] ELSE [] END
