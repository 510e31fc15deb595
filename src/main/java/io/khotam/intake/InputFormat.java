package io.khotam.intake;

import java.util.Locale;

/** The input formats of docs/contract.md "Input", chosen by file name. */
public enum InputFormat {
    JSON, JSONL;

    /** @return the format for this file name, or null when kho-tam does not read it (UNSUPPORTED_FORMAT) */
    public static InputFormat of(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return JSON;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return JSONL;
        }
        return null;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
