// name: density-by-township
// Per township: the community-organization average of its urban and rural communities against the target and the shortfall, and how many communities meet it on their own; largest shortfall first; $as_of, $count_registered, targets as in density.
{{community_density(c)}}
WITH left(c.code, 9) + '000' AS township, c, orgs, target
{{density_rollup(township)}}
