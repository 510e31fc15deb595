package io.khotam.wiring;

/** A khotam.* property whose value cannot be used: a configuration error (exit 3), named by its key. */
public class BadSettingException extends IllegalArgumentException {

    /** @param key the property, named unless the message already begins with a key */
    public BadSettingException(String key, IllegalArgumentException cause) {
        super(cause.getMessage().startsWith("khotam.") ? cause.getMessage() : key + ": " + cause.getMessage(), cause);
    }
}
