package io.khotam.console;

/** A request the API answers with an HTTP error (400, 403, 404, 409) and a message, never a stack trace. */
public class ApiRefusal extends RuntimeException {

    private final int status;

    public ApiRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
