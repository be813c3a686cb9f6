// name: gaps
// Active social organizations without organizational coverage: their gap (must_form, joint_candidate, needs_instructor, instructed), suggested form and responsible Party organization, most urgent first; $as_of, $include_community.
{{gap_rows}}
RETURN {{gap_columns}}
ORDER BY {{gap_order}}
