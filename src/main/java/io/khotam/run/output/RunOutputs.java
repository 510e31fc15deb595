package io.khotam.run.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.khotam.Json;
import io.khotam.Problems;
import io.khotam.evidence.OutputFile;
import io.khotam.nodes.RunFence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSONL files of one run (candidates, dead letters, skipped rows), opened when their first line
 * is written, hashed as they are written, and closed together at the end. Not thread-safe: the
 * run that owns them serialises every call.
 */
public final class RunOutputs {

    private static final JsonFactory JSON = Json.DATA.getFactory();

    /** Writes one line's JSON value. */
    public interface Line {
        void write(JsonGenerator out) throws IOException;
    }

    private final Path runDir;
    private final Map<String, JsonlOutput> open = new LinkedHashMap<>();
    private final List<OutputFile> whole = new ArrayList<>();

    private final RunFence fence;

    /** @param fence asked before bytes reach the disk (a node that lost the run's lease writes nothing more) */
    public RunOutputs(Path runDir, RunFence fence) {
        this.runDir = runDir;
        this.fence = fence;
    }

    public void writeLine(String path, Line line) {
        JsonlOutput out = output(path);
        try {
            line.write(out.line());
            out.endLine();
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + path + " failed", e);
        }
    }

    /** A file written whole and closed by someone else (the report): listed as it is. */
    public void written(OutputFile file) {
        whole.add(file);
    }

    /** Makes sure the file exists, even without a line (a COMPLETED run always has a candidates file). */
    public void ensure(String path) {
        output(path);
    }

    /** Closes one file early, so that it can be read back while the run goes on (a producer run's reference). */
    public void close(String path) {
        JsonlOutput out = output(path);
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + path + " failed", e);
        }
    }

    /** Closes every file; @return what could not be closed, as "path: problem" (nothing lost silently) */
    public List<String> closeAll() {
        List<String> problems = new ArrayList<>();
        for (JsonlOutput output : open.values()) {
            try {
                output.close();
            } catch (IOException e) {
                problems.add(output.relativePath() + ": " + Problems.describe(e));
            }
        }
        return problems;
    }

    /**
     * What the manifest lists: each closed file with the hash of what was written; a file that
     * could not be closed, once the run has ended, as it was left on disk.
     */
    public List<OutputFile> listed(boolean ended, List<String> problems) {
        List<OutputFile> listed = new ArrayList<>();
        for (JsonlOutput output : open.values()) {
            if (output.written() != null) {
                listed.add(output.written());
            } else if (ended) {
                try {
                    listed.add(OutputFile.leftOnDisk(runDir, output.relativePath()));
                } catch (IOException e) {
                    problems.add("hashing the partial " + output.relativePath() + ": " + Problems.describe(e));
                }
            }
        }
        listed.addAll(whole);
        return listed;
    }

    private JsonlOutput output(String path) {
        JsonlOutput out = open.get(path);
        if (out == null) {
            try {
                out = new JsonlOutput(JSON, runDir, path, fence);
            } catch (IOException e) {
                throw new UncheckedIOException("creating " + path + " failed", e);
            }
            open.put(path, out);
        }
        return out;
    }
}
