// name: schema
// Constraints and indexes of the graphgov model (DATA_MODEL §3); every statement is idempotent.
CREATE CONSTRAINT region_code IF NOT EXISTS FOR (n:Region) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.org_id IS UNIQUE;
CREATE CONSTRAINT party_org_id IF NOT EXISTS FOR (n:PartyOrganization) REQUIRE n.party_org_id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.person_id IS UNIQUE;
CREATE CONSTRAINT facility_id IF NOT EXISTS FOR (n:Facility) REQUIRE n.facility_id IS UNIQUE;
CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (n:Dataset) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT load_batch_id IF NOT EXISTS FOR (n:LoadBatch) REQUIRE n.id IS UNIQUE;
CREATE INDEX party_org_kind IF NOT EXISTS FOR (n:PartyOrganization) ON (n.kind);
// No index that no query reads: each costs every load (a bulk import's schema waits for it).
// After every report on the 3x province and on the country, SHOW INDEXES gave readCount 0
// for these four (no query starts from Region.level, Organization.status, .kind or
// .hub_role, or HOLDS_POST.role; each filters them after an expand or a label scan).
DROP INDEX region_level IF EXISTS;
DROP INDEX organization_status_kind IF EXISTS;
DROP INDEX organization_hub_role IF EXISTS;
DROP INDEX holds_post_role IF EXISTS;
// No index on HOLDS_POST.key: no query reads it, and on a near-empty database the planner
// would answer the loader's MERGE with a scan of that index per row instead of Expand(Into).
DROP INDEX holds_post_key IF EXISTS;
