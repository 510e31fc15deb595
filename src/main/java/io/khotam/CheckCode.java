package io.khotam;

/**
 * Every check code of docs/contract.md, with the stage it belongs to, the row field it concerns (null
 * for file-level and whole-row codes) and the message a user reads in the dead letter.
 */
public enum CheckCode {
    UNPARSABLE_DOCUMENT(Stage.FILE, null, "the document is not well-formed JSON"),
    NOT_A_ROW_LIST(Stage.FILE, null, "the document is neither a JSON array of rows nor an object whose 'rows' member is one"),
    EMPTY_INPUT(Stage.FILE, null, "the input holds no rows"),
    UNSUPPORTED_FORMAT(Stage.FILE, null, "only *.json, *.jsonl and *.ndjson files are read"),
    TOO_LARGE(Stage.FILE, null, "the file is larger than the configured limit"),
    SYMLINK_REFUSED(Stage.FILE, null, "the dropped file is a symbolic link; links are never followed"),
    SOURCE_RECOVERY_REQUIRED(Stage.FILE, null, "the rule-set is missing, unreadable or invalid; nothing is stamped"),

    NOT_AN_OBJECT(Stage.ADMISSION, null, "the row is not a JSON object"),
    UNPARSABLE_ROW(Stage.ADMISSION, null, "the line is not a well-formed JSON object"),
    ROW_TOO_LARGE(Stage.ADMISSION, null, "the row is longer than the parser's row limit (khotam.parser.max-line-bytes, max-row-chars); it was not read"),
    WRONG_TYPE(Stage.ADMISSION, null, "value has the wrong JSON type (no coercion: strings must be JSON strings, certified a JSON boolean, instants ISO-8601 with an offset)"),
    DUPLICATE_KEY(Stage.ADMISSION, null, "key appears more than once in the row"),
    OVERSIZE_VALUE(Stage.ADMISSION, null, "string value is longer than 4,096 characters"),
    FORBIDDEN_FIELD(Stage.ADMISSION, null, "field may only be written by production; staging never writes it"),
    AMBIGUOUS_PARTIAL_STAMP(Stage.ADMISSION, null, "a later inspect_* is set while an earlier one is unset or later in time"),
    FUSED_SHORTCUT(Stage.ADMISSION, null, "all three inspect_* carry the same instant (the fused-shortcut pattern)"),

    CERTIFIED_LIKE(Stage.SCOPE, "certified", "row is already certified; staging never certifies"),
    OUT_OF_SCOPE(Stage.SCOPE, "governance_role", "governance_role is not in the rule-set's scope"),

    ENTITY_CODE_MISSING(Stage.PEN, "entity_code", "entity_code is missing"),
    ENTITY_CODE_MALFORMED(Stage.PEN, "entity_code", "entity_code does not match the rule-set's pen.entity_code_pattern"),
    COLLECTION_MISSING(Stage.PEN, "collection_name", "collection_name is missing"),
    COLLECTION_UNKNOWN(Stage.PEN, "collection_name", "collection_name is not a collection of the rule-set's gate.collections"),
    BORN_AT_MISSING(Stage.PEN, "born_at", "born_at is missing"),
    BORN_AT_IN_FUTURE(Stage.PEN, "born_at", "born_at is after the run started"),
    DOT_ORIGIN_MISSING(Stage.PEN, "dot_origin", "dot_origin is missing"),

    NAME_MISSING(Stage.STAMP, "name", "name is missing"),
    NAME_TOO_LONG(Stage.STAMP, "name", "name is longer than the rule-set's stamp.name_max_length"),
    DESCRIPTION_MISSING(Stage.STAMP, "description", "description is missing"),
    DESCRIPTION_TOO_SHORT(Stage.STAMP, "description", "description is shorter than the rule-set's stamp.description_min_length"),
    STATUS_MISSING(Stage.STAMP, "status", "status is missing"),
    STATUS_UNKNOWN(Stage.STAMP, "status", "status is not one of the rule-set's stamp.statuses"),

    SPECIES_MISSING(Stage.GATE, "species_code", "species_code is missing"),
    SPECIES_NOT_FIT(Stage.GATE, "species_code", "species_code does not fit the collection in the rule-set's gate.collections"),
    DOT_ORIGIN_NOT_ALLOWED(Stage.GATE, "dot_origin", "dot_origin is not allowed for the collection in the rule-set's gate.collections"),

    // a producer run's dead letter for a stage its producer left unset where the reference did not fail it
    // (docs/contract.md "Producer under test"); its stage is the dead letter's own
    NOT_STAMPED(null, null, "the producer under test left this stage's column unset");

    private final Stage stage;
    private final String field;
    private final String message;

    CheckCode(Stage stage, String field, String message) {
        this.stage = stage;
        this.field = field;
        this.message = message;
    }

    public Stage stage() {
        return stage;
    }

    /** The row field this code always concerns, or null when the field varies or there is none. */
    public String field() {
        return field;
    }

    public String message() {
        return message;
    }
}
