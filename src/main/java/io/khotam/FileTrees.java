package io.khotam;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing a folder tree without ever following a link out of it. */
public final class FileTrees {

    /** What a removal removed. */
    public record Removed(long entries, long bytes) {}

    private FileTrees() {}

    /** Removes a tree without following any link (a link is removed as a link); what cannot be removed stays. */
    public static Removed remove(Path tree) throws IOException {
        long[] removed = new long[2]; // entries, bytes
        if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(tree, new SimpleFileVisitor<>() {
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

    private static boolean deleteQuietly(Path path) {
        try {
            Files.delete(path);
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            return false; // the caller finds it still there
        }
    }
}
