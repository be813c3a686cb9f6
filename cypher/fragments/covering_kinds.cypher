// fragment: covering_kinds
// The kinds of Party organization that give an organization organizational coverage: the formal forms (schema.COVERING_PARTY_ORG_KINDS).
['branch', 'general_branch', 'committee', 'joint_branch']
