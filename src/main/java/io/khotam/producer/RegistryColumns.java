package io.khotam.producer;

import java.util.List;

/**
 * The production registry's columns as a producer sees them (docs/contract.md "Production
 * registry"), in one place for the workspace table, its read-back and the exec protocol.
 */
final class RegistryColumns {

    /** The three stamps, PEN, STAMP, GATE: the only columns a producer may set. */
    static final List<String> STAMPS = List.of("inspect_pen", "inspect_stamp", "inspect_gate");

    /** Every other column: a producer that changes one makes a FORBIDDEN_WRITE. */
    static final List<String> OTHERS = List.of("entity_code", "collection_name", "species_code", "dot_origin",
            "governance_role", "born_at", "name", "description", "status", "certified", "certified_at", "canonical_address",
            "owner", "jsonb_profile");

    /** The workspace table: the production shape with the row's number. */
    static final String TABLE = "(row_no bigint PRIMARY KEY, entity_code text, collection_name text, species_code text, "
            + "dot_origin text, governance_role text, born_at timestamptz, name text, description text, status text, "
            + "certified boolean NOT NULL DEFAULT false, certified_at timestamptz, canonical_address text, owner text, "
            + "jsonb_profile jsonb, inspect_pen timestamptz, inspect_stamp timestamptz, inspect_gate timestamptz)";

    private RegistryColumns() {}
}
