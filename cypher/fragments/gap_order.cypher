// fragment: gap_order
// The order of gaps rows: most urgent gap first, then region code, then id.
CASE gap WHEN 'must_form' THEN 0 WHEN 'joint_candidate' THEN 1
         WHEN 'needs_instructor' THEN 2 ELSE 3 END, region_code, org_id
