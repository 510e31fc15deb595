package io.khotam.cli;

import io.khotam.wiring.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting as the application will see it, for the commands that never start Camel (list, show,
 * delete, ...): this invocation's options over JVM system properties over application.properties,
 * with its {@code {{key}}} and {@code {{env:NAME:default}}} placeholders resolved as Camel's
 * properties component resolves them. Reading them with Camel itself cost a command half a second.
 */
final class Settings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");
    private static final Properties BUNDLED = bundled();

    private final Map<String, String> overrides;
    private final Map<String, String> environment;

    Settings(Map<String, String> overrides, Map<String, String> environment) {
        this.overrides = overrides;
        this.environment = environment;
    }

    private static Properties bundled() {
        Properties properties = new Properties();
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** @throws ConfigurationException when the setting is not defined */
    String get(String key) {
        return resolve(key, 0);
    }

    private String resolve(String key, int depth) {
        if (depth > 20) {
            throw new ConfigurationException("the setting " + key + " refers to itself");
        }
        String value = overrides.containsKey(key) ? overrides.get(key)
                : System.getProperty(key) != null ? System.getProperty(key) : BUNDLED.getProperty(key);
        if (value == null) {
            throw new ConfigurationException("the setting " + key + " is not defined");
        }
        Matcher m = PLACEHOLDER.matcher(value.strip());
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String inner = m.group(1);
            String replacement;
            if (inner.startsWith("env:")) {
                String[] nameDefault = inner.substring(4).split(":", 2);
                String found = environment.get(nameDefault[0]);
                replacement = found != null ? found : nameDefault.length > 1 ? nameDefault[1] : "";
            } else {
                replacement = resolve(inner, depth + 1);
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(resolved);
        return resolved.toString();
    }
}
