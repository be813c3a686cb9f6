// fragment: covering_kinds
// The kinds of Party organization that give an organization organizational coverage.
['branch', 'general_branch', 'committee', 'joint_branch', 'functional', 'extended']
