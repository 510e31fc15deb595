package io.khotam;

/** One failed check as written into a dead letter: {"code","field","message"}. */
public record Check(CheckCode code, String field, String message) {

    public static Check of(CheckCode code) {
        return new Check(code, code.field(), code.message());
    }

    public static Check of(CheckCode code, String field) {
        return new Check(code, field, field == null ? code.message() : field + ": " + code.message());
    }

    public static Check of(CheckCode code, String field, String detail) {
        return new Check(code, field, detail);
    }
}
