// fragment: functional_kinds
// The kinds of Party organization that give an organization functional coverage, which counts toward work coverage only (schema.FUNCTIONAL_PARTY_ORG_KINDS).
['functional', 'extended']
