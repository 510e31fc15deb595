package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.khotam.cli.ExitCode;
import io.khotam.cli.KhotamCli;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunCounts;
import io.khotam.store.DeleteReceipt;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The docs and the code say the same: every code, exit code and field docs/contract.md names the
 * code has and the other way round; every command and option is documented; every link between
 * the docs leads somewhere; the README stays a five-minute read.
 */
class DocsTest {

    private static final List<Path> GUIDES = List.of(Path.of("README.md"), Path.of("BENCHMARKS.md"), Path.of("docs/contract.md"),
            Path.of("docs/rulesets.md"), Path.of("docs/producer.md"), Path.of("docs/operations.md"), Path.of("docs/architecture.md"),
            Path.of("docs/testing.md"), Path.of("docs/scale-out.md"));

    @Test
    void everyLinkLeadsToAFileThatIsThere() throws Exception {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        for (Path guide : GUIDES) {
            assertThat(guide).as("a guide the README links to").isRegularFile();
            Matcher m = link.matcher(Files.readString(guide));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    broken.add(guide + ": " + target + " (the docs link only inside the repository)");
                } else if (!Files.exists(guide.toAbsolutePath().getParent().resolve(target).normalize())) {
                    broken.add(guide + ": " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeIsAFiveMinuteReadAndTheBenchmarksAPage() throws Exception {
        assertThat(Files.readAllLines(Path.of("README.md"))).hasSizeLessThanOrEqualTo(250);
        assertThat(Files.readAllLines(Path.of("BENCHMARKS.md"))).hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void everyCommandIsInTheReadmeAndEveryOptionInTheGuides() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        StringBuilder all = new StringBuilder();
        for (Path guide : GUIDES) {
            all.append(Files.readString(guide));
        }
        List<String> missing = new ArrayList<>();
        CommandLine cli = new CommandLine(new KhotamCli());
        for (var command : cli.getSubcommands().entrySet()) {
            if (command.getKey().equals("help")) {
                continue;
            }
            if (!readme.contains("`" + command.getKey())) {
                missing.add("README: command " + command.getKey());
            }
            for (var sub : command.getValue().getSubcommands().keySet()) {
                if (!readme.contains(command.getKey() + " " + sub)) {
                    missing.add("README: command " + command.getKey() + " " + sub);
                }
            }
            for (CommandLine.Model.OptionSpec option : command.getValue().getCommandSpec().options()) {
                String name = option.longestName();
                if (!name.equals("--help") && !name.equals("--version") && !all.toString().contains(name)) {
                    missing.add("guides: option " + name + " of " + command.getKey());
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static final Path CONTRACT = Path.of("docs/contract.md");

    private static String contract() throws Exception {
        return Files.readString(CONTRACT);
    }

    private static String section(String heading) throws Exception {
        String text = contract();
        int start = text.indexOf("\n## " + heading);
        assertThat(start).as("docs/contract.md has a section %s", heading).isPositive();
        int end = text.indexOf("\n## ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    @Test
    void everyCheckCodeIsInTheTableAndTheTableHasNoOther() throws Exception {
        Set<String> documented = new TreeSet<>();
        Matcher code = Pattern.compile("`([A-Z][A-Z_]+)`").matcher(section("Check codes"));
        while (code.find()) {
            documented.add(code.group(1));
        }
        Set<String> inCode = new TreeSet<>();
        for (CheckCode c : CheckCode.values()) {
            inCode.add(c.name());
        }
        assertThat(documented).isEqualTo(inCode);
    }

    @Test
    void everyExitCodeIsInTheTableAndTheTableHasNoOther() throws Exception {
        Set<Integer> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(section("Exit codes"));
        while (row.find()) {
            documented.add(Integer.parseInt(row.group(1)));
        }
        Set<Integer> inCode = new TreeSet<>();
        for (Field field : ExitCode.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                inCode.add(field.getInt(null));
            }
        }
        assertThat(documented).isEqualTo(inCode);
    }

    @Test
    void everyManifestCountAndReceiptFieldIsDocumented() throws Exception {
        String contract = contract();
        List<String> names = new ArrayList<>();
        names.addAll(jsonNames(Manifest.class));
        names.addAll(jsonNames(Manifest.Input.class));
        names.addAll(jsonNames(Manifest.Production.class));
        names.addAll(jsonNames(Manifest.Owner.class));
        names.addAll(jsonNames(DeleteReceipt.class));
        names.addAll(jsonNames(ProducerUsed.class));
        names.addAll(jsonNames(ProducerUsed.WorkspaceUsed.class));
        for (Field field : RunCounts.class.getDeclaredFields()) {
            JsonProperty property = field.getAnnotation(JsonProperty.class);
            if (property != null) {
                names.add(property.value());
            }
        }
        for (String name : names) {
            assertThat(contract).as("docs/contract.md names the field %s", name).containsPattern("\\b" + name + "\\b");
        }
        for (DeleteReceipt.Outcome outcome : DeleteReceipt.Outcome.values()) {
            assertThat(section("Delete receipt")).contains("`" + outcome.name() + "`");
        }
    }

    private static List<String> jsonNames(Class<?> record) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
            if (property == null) {
                property = component.getAnnotation(JsonProperty.class);
            }
            names.add(property != null ? property.value() : component.getName());
        }
        return names;
    }
}
