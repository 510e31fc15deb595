package io.khotam.store;

import io.khotam.evidence.RunLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The deliberate export of a run's findings (docs/operations.md "A run's life", Export): manifest, dead letters, skipped rows and
 * candidates, in one zip named {@code STAGING-<run-id>.zip}. Nothing else is written anywhere, an
 * existing archive is never replaced, and links inside the run are never followed.
 */
public final class RunExporter {

    private RunExporter() {}

    /** @param extra more entries for the archive, by path inside the run (the check result, say) */
    public static Path export(RunCatalog.Entry run, Path stagingRoot, Path toDir, Map<String, byte[]> extra)
            throws IOException {
        Path target = toDir.toAbsolutePath().normalize();
        if (target.startsWith(stagingRoot.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--to " + target + " is inside the staging folder; an export must leave the "
                    + "disposable surface");
        }
        if (!Files.exists(target)) {
            Files.createDirectories(target); // a missing folder is made, as `mkdir -p` would
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("--to " + target + " is not a directory");
        }
        if (target.toRealPath().startsWith(stagingRoot.toAbsolutePath().normalize().toRealPath())) {
            throw new IllegalArgumentException("--to " + target + " is inside the staging folder; an export must leave the "
                    + "disposable surface");
        }
        run.endedManifest("export");
        String name = "STAGING-" + run.runId() + ".zip";
        Path archive = target.resolve(name);
        if (Files.exists(archive, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(archive.toString(), null,
                    "exists; kho-tam never replaces an export (move it away, or export to another folder)");
        }
        Path part = target.resolve("." + name + ".part");
        try (OutputStream out = Files.newOutputStream(part); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String file : exported(run.dir())) {
                zip.putNextEntry(new ZipEntry("STAGING-" + run.runId() + "/" + file));
                Files.copy(run.dir().resolve(file), zip);
                zip.closeEntry();
            }
            for (Map.Entry<String, byte[]> entry : extra.entrySet()) {
                zip.putNextEntry(new ZipEntry("STAGING-" + run.runId() + "/" + entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE);
        return archive;
    }

    private static List<String> exported(Path runDir) throws IOException {
        List<String> files = new ArrayList<>();
        files.add(RunLayout.MANIFEST);
        for (String file : List.of(RunLayout.CANDIDATES, RunLayout.SKIPPED)) {
            if (Files.isRegularFile(runDir.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                files.add(file);
            }
        }
        Path deadLetters = runDir.resolve(RunLayout.DEAD_LETTER_DIR);
        if (Files.isDirectory(deadLetters, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> letters = Files.list(deadLetters)) {
                letters.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .map(p -> RunLayout.DEAD_LETTER_DIR + "/" + p.getFileName()).sorted().forEach(files::add);
            }
        }
        return files;
    }
}
