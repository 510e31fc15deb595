-- The DEMO registry's table in H2 (the same columns as docker/registry/01-schema.sql; JSON for jsonb).
CREATE TABLE IF NOT EXISTS birth_registry (
    entity_code       VARCHAR PRIMARY KEY,
    collection_name   VARCHAR,
    species_code      VARCHAR,
    dot_origin        VARCHAR,
    governance_role   VARCHAR,
    born_at           TIMESTAMP WITH TIME ZONE,
    name              VARCHAR,
    description       VARCHAR,
    status            VARCHAR,
    certified         BOOLEAN DEFAULT FALSE NOT NULL,
    certified_at      TIMESTAMP WITH TIME ZONE,
    canonical_address VARCHAR,
    owner             VARCHAR,
    jsonb_profile     JSON,
    inspect_pen       TIMESTAMP WITH TIME ZONE,
    inspect_stamp     TIMESTAMP WITH TIME ZONE,
    inspect_gate      TIMESTAMP WITH TIME ZONE
);
