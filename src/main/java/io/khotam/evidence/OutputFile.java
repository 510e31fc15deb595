package io.khotam.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.khotam.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One entry of the manifest's {@code outputs}: a file of the run, relative to the run directory.
 * {@code partial} is true for a run that did not complete its outputs (FAILED, INTERRUPTED): the
 * file is recorded as it was left on disk, so {@code verify} can tell those bytes from tampering.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputFile(String path, String sha256, long bytes, Boolean partial) {

    public static OutputFile complete(String path, String sha256, long bytes) {
        return new OutputFile(path, sha256, bytes, null);
    }

    /** A file of the run written whole by someone else (a producer's streams), hashed as it is on disk now. */
    public static OutputFile onDisk(Path runDir, String path) throws IOException {
        Path file = runDir.resolve(path);
        return complete(path, Sha256.ofFile(file), Files.size(file));
    }

    /** Hashes what is on disk now. */
    public static OutputFile leftOnDisk(Path runDir, String path) throws IOException {
        Path file = runDir.resolve(path);
        return new OutputFile(path, Sha256.ofFile(file), Files.size(file), true);
    }
}
