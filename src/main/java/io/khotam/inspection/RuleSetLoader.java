package io.khotam.inspection;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Comparator;
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

    /** @param file the rule-set file, or null for the bundled demo rule-set */
    public RuleSetLoader(Validator validator, Path file) {
        this.validator = validator;
        this.file = file;
    }

    /** What a run records when even reading failed. */
    public String location() {
        return file == null ? "classpath:" + BUNDLED : file.toString();
    }

    public Rules load() throws RuleSetUnavailableException {
        byte[] bytes = read();
        RuleSet ruleSet;
        try {
            ruleSet = yaml.readValue(bytes, RuleSet.class);
        } catch (IOException e) {
            throw new RuleSetUnavailableException("rule-set " + location() + " is not a valid rule-set: "
                    + firstLine(e.getMessage()));
        }
        if (ruleSet == null) {
            throw new RuleSetUnavailableException("rule-set " + location() + " is empty");
        }
        Set<ConstraintViolation<RuleSet>> violations = validator.validate(ruleSet);
        if (!violations.isEmpty()) {
            throw new RuleSetUnavailableException("rule-set " + location() + " is invalid: " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .sorted(Comparator.naturalOrder())
                    .collect(Collectors.joining("; ")));
        }
        try {
            return new Rules(ruleSet, Sha256.hex(bytes), location());
        } catch (PatternSyntaxException e) {
            throw new RuleSetUnavailableException("rule-set " + location()
                    + " is invalid: pen.entity_code_pattern is not a regular expression: " + firstLine(e.getMessage()));
        }
    }

    private byte[] read() throws RuleSetUnavailableException {
        try {
            if (file == null) {
                try (InputStream in = RuleSetLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
                    if (in == null) {
                        throw new RuleSetUnavailableException("the bundled rule-set " + BUNDLED + " is missing from the build");
                    }
                    return in.readNBytes(MAX_BYTES);
                }
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                throw new RuleSetUnavailableException("rule-set " + file + " does not exist or is not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new RuleSetUnavailableException("rule-set " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RuleSetUnavailableException("rule-set " + location() + " cannot be read: " + e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
