package io.khotam.inspection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rule-set one run really uses: its identity (id, version, SHA-256 of the bytes read) and its
 * parameters prepared for per-row lookups. Immutable, so rows of one run share it safely.
 */
public final class Rules {

    public record CollectionFit(Set<String> species, Set<String> dotOrigins) {}

    private final String id;
    private final String version;
    private final String sha256;
    private final String source;
    private final Set<String> governanceRoles;
    private final Pattern entityCodePattern;
    private final int nameMaxLength;
    private final int descriptionMinLength;
    private final Set<String> statuses;
    private final Map<String, CollectionFit> collections;

    Rules(RuleSet ruleSet, String sha256, String source) {
        this.id = ruleSet.ruleset();
        this.version = ruleSet.version();
        this.sha256 = sha256;
        this.source = source;
        this.governanceRoles = Set.copyOf(ruleSet.scope().governanceRoles());
        this.entityCodePattern = Pattern.compile(ruleSet.pen().entityCodePattern());
        this.nameMaxLength = ruleSet.stamp().nameMaxLength();
        this.descriptionMinLength = ruleSet.stamp().descriptionMinLength();
        this.statuses = Set.copyOf(ruleSet.stamp().statuses());
        this.collections = ruleSet.gate().collections().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new CollectionFit(
                        Set.copyOf(e.getValue().species()), Set.copyOf(e.getValue().dotOrigins()))));
    }

    public String id() { return id; }
    public String version() { return version; }
    public String sha256() { return sha256; }
    /** Where the rule-set was read from: a file path or the bundled resource name. */
    public String source() { return source; }

    public boolean inScope(String governanceRole) { return governanceRoles.contains(governanceRole); }
    /** The governance roles in scope, sorted. */
    public List<String> scopeRoles() { return governanceRoles.stream().sorted().toList(); }
    public boolean entityCodeWellFormed(String entityCode) { return entityCodePattern.matcher(entityCode).matches(); }
    public boolean knownCollection(String collection) { return collections.containsKey(collection); }
    public int nameMaxLength() { return nameMaxLength; }
    public int descriptionMinLength() { return descriptionMinLength; }
    public boolean knownStatus(String status) { return statuses.contains(status); }

    /** The entity-code pattern as the rule-set writes it (matched whole, as java.util.regex reads it). */
    public String entityCodePattern() { return entityCodePattern.pattern(); }
    /** The statuses, sorted. */
    public List<String> statuses() { return statuses.stream().sorted().toList(); }
    /** The collections' names, sorted. */
    public List<String> collectionNames() { return collections.keySet().stream().sorted().toList(); }

    /** The fit of a known collection; null when the collection is unknown (PEN reports that first). */
    public CollectionFit fitOf(String collection) { return collections.get(collection); }

    /**
     * What each check accepts, for a person writing a sample (`ruleset show`): the allowed values,
     * sorted so the answer reads the same every time.
     */
    public Map<String, Object> accepted() {
        Map<String, Object> collectionsAccepted = new TreeMap<>();
        collections.forEach((name, fit) -> collectionsAccepted.put(name, ordered(
                "species", fit.species().stream().sorted().toList(),
                "dot_origins", fit.dotOrigins().stream().sorted().toList())));
        return ordered(
                "ruleset", ordered("id", id, "version", version, "sha256", sha256, "source", source),
                "scope", ordered("governance_roles", scopeRoles()),
                "pen", ordered("entity_code_pattern", entityCodePattern.pattern()),
                "stamp", ordered("name_max_length", nameMaxLength, "description_min_length", descriptionMinLength,
                        "statuses", statuses.stream().sorted().toList()),
                "gate", ordered("collections", collectionsAccepted));
    }

    // the keys in the order the rule-set file writes them
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
