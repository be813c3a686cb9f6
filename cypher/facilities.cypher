// name: facilities
// Per level (city, county, township, street = township coded 001-099, urban community) on $as_of: the units, those with an active social-organization service centre based in them and the share, those with an active Party-mass service centre, and those with a standardized one.
{{as_of}}
MATCH (u:Region)
WHERE u:City OR u:County OR u:Township OR (u:Community AND u.area_type = 'urban')
WITH u,
     CASE WHEN u:City THEN ['city']
          WHEN u:County THEN ['county']
          WHEN u:Township THEN ['township']
            + CASE WHEN substring(u.code, 6, 3) >= '001' AND substring(u.code, 6, 3) <= '099'
                   THEN ['street'] ELSE [] END
          ELSE ['urban_community'] END AS levels,
     EXISTS {
       MATCH (f:Facility {kind: 'social_org_service_center'})-[:BASED_IN]->(u)
       WHERE {{facility_active(f)}}
     } AS centre,
     COLLECT {
       MATCH (f:Facility {kind: 'party_mass_service_center'})-[:BASED_IN]->(u)
       WHERE {{facility_active(f)}}
       RETURN coalesce(f.standardized, false)
     } AS mass
UNWIND levels AS level
WITH level, count(*) AS units,
     sum(CASE WHEN centre THEN 1 ELSE 0 END) AS withCentre,
     sum(CASE WHEN size(mass) > 0 THEN 1 ELSE 0 END) AS withMass,
     sum(CASE WHEN true IN mass THEN 1 ELSE 0 END) AS standard
WITH collect({level: level, units: units, centre: withCentre, mass: withMass, standard: standard})
       AS rows
UNWIND range(0, 4) AS i
WITH i, ['city', 'county', 'township', 'street', 'urban_community'][i] AS level, rows
WITH i, level, head([r IN rows WHERE r.level = level]) AS r
RETURN level, coalesce(r.units, 0) AS units, coalesce(r.centre, 0) AS with_service_center,
       CASE WHEN r.units > 0 THEN toFloat(r.centre) / r.units END AS service_center_share,
       coalesce(r.mass, 0) AS with_party_mass_center, coalesce(r.standard, 0) AS standardized
ORDER BY i
