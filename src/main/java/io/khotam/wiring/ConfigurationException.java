package io.khotam.wiring;

/** The configuration cannot work; the message tells the user what to change. Exit code 3 (the command line's CONFIG). */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
