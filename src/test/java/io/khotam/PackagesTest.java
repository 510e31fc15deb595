package io.khotam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direction of every arrow between packages: a package may use those before it in
 * {@link #LAYERS}, never one after it, so there is no cycle and a newcomer reads the data's way
 * from intake to the command line. {@code bench} comes after everything the product runs on and
 * only {@code cli} (the {@code bench} command) may use it.
 */
class PackagesTest {

    private static final List<String> LAYERS = List.of("", "intake", "inspection", "edges", "registry", "evidence", "nodes", "producer", "store", "catalogue",
            "check", "report", "run.output", "run", "run.claim", "run.recovery", "console", "wiring", "bench", "cli");

    private static final Path MAIN = Path.of("src/main/java/io/khotam");
    private static final Pattern USE = Pattern.compile("\\bio\\.khotam\\.((?:[a-z]+\\.)*)[A-Z]");

    @Test
    void everyPackageIsInALayerAndSaysWhatLivesThere() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                assertThat(LAYERS).as("layer of %s", dir).contains(packageOf(dir));
                assertThat(dir.resolve("package-info.java")).as("what lives in %s", dir).isRegularFile();
            }
        }
    }

    @Test
    void noPackageUsesOneAfterIt() throws IOException {
        assertThat(arrowsAgainstTheLayers(javaFiles())).isEmpty();
    }

    @Test
    void aBackwardArrowIsSeen() {
        // the guard itself: an evidence class importing run would be a cycle
        String planted = "package io.khotam.evidence;\nimport io.khotam.run.StagingRun;\nclass X {}\n";
        assertThat(backwardArrows(MAIN.resolve("evidence/X.java"), planted)).containsExactly("evidence -> run");
        // and between a package and its rooms: the run's files are written below the run, never the other way
        String nested = "package io.khotam.run.output;\nimport io.khotam.run.claim.InboxClaim;\nclass X {}\n";
        assertThat(backwardArrows(MAIN.resolve("run/output/X.java"), nested)).containsExactly("run.output -> run.claim");
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    private static List<String> arrowsAgainstTheLayers(List<Path> files) {
        List<String> wrong = new ArrayList<>();
        for (Path file : files) {
            try {
                for (String arrow : backwardArrows(file, Files.readString(file))) {
                    wrong.add(MAIN.relativize(file) + ": " + arrow);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return wrong;
    }

    private static List<String> backwardArrows(Path file, String source) {
        String from = packageOf(file.getParent());
        List<String> wrong = new ArrayList<>();
        Matcher use = USE.matcher(source);
        while (use.find()) {
            String to = use.group(1).isEmpty() ? "" : use.group(1).substring(0, use.group(1).length() - 1);
            if (!to.equals(from) && LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                wrong.add((from.isEmpty() ? "io.khotam" : from) + " -> " + (to.isEmpty() ? "io.khotam" : to));
            }
        }
        return wrong;
    }

    private static String packageOf(Path dir) {
        return MAIN.relativize(dir).toString().replace('/', '.');
    }
}
