// name: hub-gaps
// Townships and communities no active hub reaches; for a township, how many communities a hub placed there would reach; biggest first; $as_of, $county.
OPTIONAL MATCH (d:Dataset)
WITH coalesce(date($as_of), d.as_of, date()) AS asOf
MATCH (t:Township)<-[:PART_OF]-(c:Community)
WHERE $county IS NULL OR left(c.code, 6) = left($county, 6)
WITH t, c,
     EXISTS {
       {{hub_reach(h, c)}}
     } AS reached
WITH t, collect(c) AS cs, [x IN collect(CASE WHEN NOT reached THEN c END) WHERE x IS NOT NULL] AS open
WITH CASE WHEN size(open) = size(cs)
          THEN [{code: t.code, name: t.name, level: 'township', n: size(cs)}] ELSE [] END
     + [c IN open | {code: c.code, name: c.name, level: 'community', n: 1}] AS rows
UNWIND rows AS row
RETURN row.code AS region_code, row.name AS name, row.level AS level,
       left(row.code, 6) + '000000' AS county_code, row.n AS communities
ORDER BY communities DESC, region_code
