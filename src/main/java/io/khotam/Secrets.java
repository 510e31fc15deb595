package io.khotam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * kho-tam's credentials, from the environment or, by the Docker and Kubernetes secrets convention,
 * from a file its {@code NAME_FILE} variable names (so a secret need sit in no environment at all).
 * They are read here and handed on; nothing here or downstream logs them.
 */
public final class Secrets {

    /** The variables that may come from a file instead. */
    public static final List<String> FROM_FILE = List.of("KHOTAM_REGISTRY_USER", "KHOTAM_REGISTRY_PASSWORD",
            "KHOTAM_WORKSPACE_USER", "KHOTAM_WORKSPACE_PASSWORD", "KHOTAM_CONSOLE_TOKEN");

    private Secrets() {}

    /** The process's environment with every {@code NAME_FILE} of {@link #FROM_FILE} read into {@code NAME}. */
    public static Map<String, String> environment() {
        return resolve(System.getenv());
    }

    /**
     * @throws IllegalArgumentException when both NAME and NAME_FILE are set, or the file cannot be read
     */
    public static Map<String, String> resolve(Map<String, String> environment) {
        Map<String, String> resolved = new HashMap<>(environment);
        for (String name : FROM_FILE) {
            String file = environment.get(name + "_FILE");
            if (file == null || file.isEmpty()) {
                continue;
            }
            if (environment.get(name) != null) {
                throw new IllegalArgumentException("both " + name + " and " + name + "_FILE are set: give one of them");
            }
            resolved.put(name, read(name + "_FILE", Path.of(file)));
            resolved.remove(name + "_FILE");
        }
        return resolved;
    }

    private static String read(String variable, Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            // a secret file usually ends with the newline its editor added; the secret itself never does
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new IllegalArgumentException(variable + " names " + file + ", which cannot be read: " + Problems.describe(e));
        }
    }
}
