package io.khotam.registry;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which production registry kho-tam reads: none, the embedded DEMO registry, or a JDBC URL.
 * Credentials come only from the environment (KHOTAM_REGISTRY_USER / KHOTAM_REGISTRY_PASSWORD);
 * {@link #source()} and {@link #toString()} never contain them.
 */
public record RegistrySettings(Kind kind, String url, Path demoDir, String user, String password) {

    public enum Kind { NONE, DEMO, JDBC }

    public static final String NONE = "none";
    public static final String DEMO = "demo";

    private static final Pattern CREDENTIAL_PARAMETER = Pattern.compile("(?i)([?&;])(password|user)=[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

    /**
     * @param url     "none", "demo" or a JDBC URL
     * @param demoDir where the DEMO registry lives (outside staging/: deleting runs never removes it)
     */
    public static RegistrySettings of(String url, Path demoDir, Map<String, String> environment) {
        String value = url == null || url.isBlank() ? DEMO : url.strip();
        if (value.equalsIgnoreCase(NONE)) {
            return new RegistrySettings(Kind.NONE, null, demoDir, null, null);
        }
        if (value.equalsIgnoreCase(DEMO)) {
            return new RegistrySettings(Kind.DEMO, "jdbc:h2:file:" + demoDir.toAbsolutePath().resolve("registry"),
                    demoDir, null, null);
        }
        if (!value.startsWith("jdbc:")) {
            throw new IllegalArgumentException("the registry URL must be 'demo', 'none' or a jdbc: URL, not '"
                    + sourceOf(value) + "'");
        }
        return new RegistrySettings(Kind.JDBC, value, demoDir, environment.get("KHOTAM_REGISTRY_USER"),
                environment.get("KHOTAM_REGISTRY_PASSWORD"));
    }

    /** What a manifest or receipt records as the registry: the URL without any credential. */
    public String source() {
        return switch (kind) {
            case NONE -> null;
            case DEMO -> "DEMO " + url;
            case JDBC -> sourceOf(url);
        };
    }

    private static String sourceOf(String url) {
        String withoutParameters = CREDENTIAL_PARAMETER.matcher(url).replaceAll("$1")
                .replaceAll("([?&;])[&;]+", "$1").replaceAll("[?&;]+$", "");
        return USER_INFO.matcher(withoutParameters).replaceAll("//");
    }

    @Override
    public String toString() {
        return "registry " + kind + (url == null ? "" : " " + source());
    }
}
