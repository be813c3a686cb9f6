// fragment: authority_name(group)
// The readable name of registering-authority group group ('330106 county' -> 西湖区民政局; a township's own name), null when its division is not in the graph.
head(COLLECT {
  MATCH (authorityRegion:Region {code: left(split(group, ' ')[0] + '000000000000', 12)})
  RETURN authorityRegion.name
}) + {province: '民政厅', city: '民政局', county: '民政局', township: ''}[split(group, ' ')[1]]
