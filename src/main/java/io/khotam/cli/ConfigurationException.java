package io.khotam.cli;

/** The configuration cannot work; the message tells the user what to change. Exit code {@link ExitCode#CONFIG}. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
