// name: hub-gaps
// Townships (with communities) and communities no hub active on $as_of covers; for a township, how many of its communities no hub covers; most first, a township before communities on a tie; $county.
{{as_of}}
MATCH (t:Township)<-[:PART_OF]-(c:Community)
WHERE $county IS NULL OR left(c.code, 6) = left($county, 6)
WITH asOf, t, c,
     EXISTS {
       {{hub_covers(h, c)}}
     } AS covered
WITH asOf, t, collect(CASE WHEN NOT covered THEN c END) AS open
WITH t, open,
     EXISTS {
       {{hub_townships(h, t)}}
     } AS townCovered
WITH CASE WHEN townCovered THEN []
          ELSE [{code: t.code, name: t.name, level: 'township', n: size(open), rank: 0}] END
     + [c IN open | {code: c.code, name: c.name, level: 'community', n: 1, rank: 1}] AS rows
UNWIND rows AS row
RETURN row.code AS region_code, row.name AS name, row.level AS level,
       left(row.code, 6) + '000000' AS county_code, row.n AS communities
ORDER BY communities DESC, row.rank, region_code
