package io.khotam;

/** One failed check as written into a dead letter: {"code","field","message"}. */
public record FailedCheck(CheckCode code, String field, String message) {

    public static FailedCheck of(CheckCode code) {
        return new FailedCheck(code, code.field(), code.message());
    }

    public static FailedCheck of(CheckCode code, String field) {
        return new FailedCheck(code, field, field == null ? code.message() : field + ": " + code.message());
    }

    public static FailedCheck of(CheckCode code, String field, String detail) {
        return new FailedCheck(code, field, detail);
    }
}
