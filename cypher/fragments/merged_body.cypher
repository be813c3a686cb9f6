// fragment: merged_body(b, covered)
// The merged body (datasets/README.md, §4.9) of a body b a post is held at, covered being the active organizations a non-community Party organization b covers on asOf: a community's committee and its community Party organization are community:CODE; an organization, and a Party organization other than a joint branch covering only it, are org:ID; any other Party organization is party_org:ID.
CASE WHEN b:Community THEN 'community:' + b.code
     WHEN b:Organization THEN 'org:' + b.org_id
     WHEN b.kind = 'community' THEN 'community:' + b.region_code
     WHEN size(covered) = 1 AND b.kind <> 'joint_branch' THEN 'org:' + covered[0].org_id
     ELSE 'party_org:' + b.party_org_id END
