-- The production registry's table as kho-tam reads it (DESIGN.md "Production registry").
-- PostgreSQL. kho-tam never writes it; this file exists for compose.yaml and the tests.
CREATE TABLE IF NOT EXISTS birth_registry (
    entity_code       text PRIMARY KEY,
    collection_name   text,
    species_code      text,
    dot_origin        text,
    governance_role   text,
    born_at           timestamptz,
    name              text,
    description       text,
    status            text,
    certified         boolean NOT NULL DEFAULT false,
    certified_at      timestamptz,
    canonical_address text,
    owner             text,
    jsonb_profile     jsonb,
    inspect_pen       timestamptz,
    inspect_stamp     timestamptz,
    inspect_gate      timestamptz
);
