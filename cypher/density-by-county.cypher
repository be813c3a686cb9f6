// name: density-by-county
// Per county: the community-organization average of its urban and rural communities against the target and the shortfall, and how many communities meet it on their own; largest shortfall first; $as_of, $count_registered, targets as in density.
{{community_density(c)}}
WITH left(c.code, 6) + '000000' AS county, c, orgs, target
{{density_rollup(county)}}
