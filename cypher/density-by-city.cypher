// name: density-by-city
// Per city: the community-organization average of its urban and rural communities against the target and the shortfall, and how many communities meet it on their own; largest shortfall first; $as_of, $count_registered, targets as in density.
{{community_density(c)}}
WITH left(c.code, 4) + '00000000' AS city, c, orgs, target
{{density_rollup(city)}}
