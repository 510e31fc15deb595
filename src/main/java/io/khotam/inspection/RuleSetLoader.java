package io.khotam.inspection;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.khotam.Sha256;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads the rule-set afresh for every run, so each run records the bytes it really used even if
 * the file changes between runs. Strict: unknown keys, duplicate keys, missing sections and an
 * invalid pattern all make the rule-set unavailable (fail closed).
 */
public class RuleSetLoader {

    public static final String BUNDLED = "rulesets/dieu-0g-demo.yaml";
    private static final int MAX_BYTES = 1 << 20;

    private final ObjectMapper yaml = YAMLMapper.builder(new YAMLFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private final Validator validator;
    private final Path file;
    // read afresh for every run, parsed again only when its bytes changed: a run of ten rows paid 10% of its time here
    private volatile Rules last;
    private static volatile byte[] bundled;

    /** @param file the rule-set file, or null for the bundled demo rule-set */
    public RuleSetLoader(Validator validator, Path file) {
        this.validator = validator;
        this.file = file;
    }

    /** A loader of its own, for a command that starts no Camel; null: the bundled demo rule-set. */
    public static RuleSetLoader standalone(Path file) {
        return new RuleSetLoader(SharedValidatorFactory.withoutExpressionLanguage().getValidator(), file);
    }

    /** The same validation over another file (a rerun's own rule-set). */
    public RuleSetLoader forFile(Path other) {
        return new RuleSetLoader(validator, other);
    }

    /** What a run records when even reading failed. */
    public String location() {
        return file == null ? "classpath:" + BUNDLED : file.toString();
    }

    public Rules load() throws RuleSetUnavailableException {
        byte[] bytes = read();
        String sha256 = Sha256.hex(bytes);
        Rules same = last;
        if (same != null && same.sha256().equals(sha256)) {
            return same; // the same bytes as the last load: the same rules (Rules is immutable), without parsing again
        }
        RuleSet ruleSet;
        try {
            ruleSet = yaml.readValue(bytes, RuleSet.class);
        } catch (IOException e) {
            throw new RuleSetUnavailableException("rule-set " + location() + " is not a valid rule-set: " + problemOf(e, bytes));
        }
        if (ruleSet == null) {
            throw new RuleSetUnavailableException("rule-set " + location() + " is empty");
        }
        Set<ConstraintViolation<RuleSet>> violations = validator.validate(ruleSet);
        if (!violations.isEmpty()) {
            throw new RuleSetUnavailableException("rule-set " + location() + " is invalid: " + violations.stream()
                    .map(v -> yamlKey(v.getPropertyPath().toString()) + " " + v.getMessage())
                    .sorted(Comparator.naturalOrder())
                    .collect(Collectors.joining("; ")));
        }
        try {
            Rules loaded = new Rules(ruleSet, sha256, location());
            last = loaded;
            return loaded;
        } catch (PatternSyntaxException e) {
            throw new RuleSetUnavailableException("rule-set " + location()
                    + " is invalid: pen.entity_code_pattern is not a regular expression: " + firstLine(e.getMessage()));
        }
    }

    private byte[] read() throws RuleSetUnavailableException {
        try {
            if (file == null) {
                byte[] inJar = bundled;
                if (inJar == null) { // the jar cannot change under a running process: read once
                    try (InputStream in = RuleSetLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
                        if (in == null) {
                            throw new RuleSetUnavailableException("the bundled rule-set " + BUNDLED + " is missing from the build");
                        }
                        inJar = in.readNBytes(MAX_BYTES);
                        bundled = inJar;
                    }
                }
                return inJar;
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                throw new RuleSetUnavailableException("rule-set " + file + " does not exist or is not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new RuleSetUnavailableException("rule-set " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RuleSetUnavailableException("rule-set " + location() + " cannot be read: " + e.getMessage());
        }
    }

    /** What is wrong and where (line, column, key), in the rule-set's own words: never a Java type. */
    private String problemOf(IOException e, byte[] bytes) {
        List<JsonMappingException.Reference> path = e instanceof JsonMappingException mapping ? mapping.getPath() : List.of();
        String key = path.isEmpty() ? null : path.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String what;
        if (e instanceof UnrecognizedPropertyException) {
            what = "unknown key";
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            what = "expected " + kindOf(mismatch.getTargetType());
        } else if (e instanceof JsonProcessingException processing) {
            what = firstLine(processing.getOriginalMessage());
        } else {
            what = firstLine(e.getMessage());
        }
        // a record's keys are buffered before they are bound, so the exception's own location can lie past the key
        JsonLocation at = path.isEmpty() ? null : locate(bytes, path);
        if (at == null && e instanceof JsonProcessingException processing) {
            at = processing.getLocation();
        }
        String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return where + (key == null ? "" : "key '" + key + "': ") + what;
    }

    /** Where the key (or list element) at this path starts in the file, or null. */
    private JsonLocation locate(byte[] bytes, List<JsonMappingException.Reference> path) {
        List<String> wanted = path.stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]").toList();
        try (JsonParser parser = yaml.createParser(bytes)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                JsonStreamContext container = token.isStructStart() ? context.getParent() : context;
                boolean element = token == JsonToken.FIELD_NAME || (container.inArray() && !token.isStructEnd());
                if (element && wanted.equals(pathOf(container))) {
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static List<String> pathOf(JsonStreamContext container) {
        LinkedList<String> path = new LinkedList<>();
        for (JsonStreamContext c = container; c != null && !c.inRoot(); c = c.getParent()) {
            path.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        return path;
    }

    private static String kindOf(Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a section of keys";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        return type == Boolean.class || type == boolean.class ? "true or false" : "a single text value";
    }

    // nameMaxLength -> name_max_length: violations name the key as the file writes it
    private static String yamlKey(String propertyPath) {
        return propertyPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
