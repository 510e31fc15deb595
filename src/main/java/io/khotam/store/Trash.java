package io.khotam.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What is left of a run moved into {@code staging/.trash} after its removal (FileTrees), said exactly. */
final class Trash {

    private static final int LEFT_LISTED = 20;

    /** @param listed the first paths left, relative to the staging root */
    record Remains(long count, List<String> listed) {
        static final Remains NONE = new Remains(0, List.of());
    }

    private Trash() {}

    /** What still exists at {@code path}: counted, the first few named. */
    static Remains remains(Path stagingRoot, Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Remains.NONE;
        }
        List<String> listed = new ArrayList<>();
        long count = 0;
        try (Stream<Path> remaining = Files.walk(path)) {
            for (Path left : (Iterable<Path>) remaining::iterator) {
                count++;
                if (listed.size() < LEFT_LISTED) {
                    listed.add(stagingRoot.relativize(left).toString());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            count = Math.max(count, 1);
            listed.add(stagingRoot.relativize(path) + " (could not be listed: " + e.getMessage() + ")");
        }
        return new Remains(count, listed);
    }
}
