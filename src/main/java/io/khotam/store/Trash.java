package io.khotam.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Removing what was moved into {@code staging/.trash}, and saying exactly what is left of it. */
final class Trash {

    private static final int LEFT_LISTED = 20;

    record Removed(long entries, long bytes) {}

    /** @param listed the first paths left, relative to the staging root */
    record Remains(long count, List<String> listed) {
        static final Remains NONE = new Remains(0, List.of());
    }

    private Trash() {}

    /** Removes a tree without following any link (a link is removed as a link); what cannot be removed stays. */
    static Removed remove(Path trashed) throws IOException {
        long[] removed = new long[2]; // entries, bytes
        if (Files.exists(trashed, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(trashed, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (deleteQuietly(file)) {
                        removed[0]++;
                        removed[1] += attrs.isRegularFile() ? attrs.size() : 0;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (deleteQuietly(dir)) {
                        removed[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return new Removed(removed[0], removed[1]);
    }

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

    private static boolean deleteQuietly(Path path) {
        try {
            Files.delete(path);
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            return false; // reported as left behind
        }
    }
}
