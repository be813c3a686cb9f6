// name: density
// Organizations of kind community active on $as_of based in each community (with $count_registered also the registered kinds), against its target (urban >= $community_urban_min, rural >= $community_rural_min; default: the dataset's targets).
{{community_density(c)}}
RETURN c.code AS community_code, c.name AS community_name,
       left(c.code, 6) + '000000' AS county_code, c.area_type AS area_type, orgs, target,
       CASE WHEN target > orgs THEN target - orgs ELSE 0 END AS deficit,
       orgs >= target AS meets_target
ORDER BY community_code
