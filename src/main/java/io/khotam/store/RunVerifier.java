package io.khotam.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.khotam.Sha256;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.OutputFile;
import io.khotam.evidence.RunLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Recomputes every file of a finished run against its manifest: missing, changed and extra files. */
public final class RunVerifier {

    public enum State { OK, CHANGED, MISSING, EXTRA }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finding(String path, State state, String expected, String actual) {}

    public record Report(@JsonProperty("run_id") String runId, boolean ok, List<Finding> files) {}

    private RunVerifier() {}

    /** @throws IllegalArgumentException when the run has no manifest or is still RUNNING */
    public static Report verify(RunCatalog.Entry run) throws IOException {
        Manifest m = run.endedManifest("verify");
        Map<String, String> expected = new LinkedHashMap<>();
        if (m.inputReturnedAs() == null) {
            expected.put(RunLayout.INPUT_DIR + "/" + m.input().file(), m.input().sha256());
        } // else an interrupted run gave its input back to the inbox: found here anyway, it is EXTRA
        for (OutputFile output : m.outputs()) {
            expected.put(output.path(), output.sha256());
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, String> file : expected.entrySet()) {
            Path path = run.dir().resolve(file.getKey()).normalize();
            if (!path.startsWith(run.dir()) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                findings.add(new Finding(file.getKey(), State.MISSING, file.getValue(), null));
                continue;
            }
            String actual = hash(path);
            findings.add(new Finding(file.getKey(), actual.equals(file.getValue()) ? State.OK : State.CHANGED,
                    file.getValue(), actual));
        }
        try (Stream<Path> all = Files.walk(run.dir())) {
            for (Path path : (Iterable<Path>) all::iterator) {
                String relative = run.dir().relativize(path).toString();
                if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && !expected.containsKey(relative)
                        && !relative.equals(RunLayout.MANIFEST)) {
                    findings.add(new Finding(relative, State.EXTRA, null, null));
                }
            }
        }
        boolean ok = findings.stream().allMatch(f -> f.state() == State.OK);
        return new Report(run.runId(), ok, findings);
    }

    // a link is what was received (SYMLINK_REFUSED) and is never followed: its text is hashed
    private static String hash(Path path) throws IOException {
        return Files.isSymbolicLink(path)
                ? Sha256.hex(Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8))
                : Sha256.ofFile(path);
    }
}
