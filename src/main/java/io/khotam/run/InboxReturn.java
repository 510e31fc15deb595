package io.khotam.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Puts a claimed file back into the inbox without ever overwriting one there: a hard link under a
 * free name (which fails rather than replace), then the claimed name is removed. A crash between
 * the two leaves both names on one file, which the next attempt recognises and completes.
 */
public final class InboxReturn {

    private InboxReturn() {}

    /** @return the file's name in the inbox, or null when it was not there to return */
    public static Path toInbox(Path claimed, Path inbox) throws IOException {
        if (!Files.exists(claimed, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String name = claimed.getFileName().toString();
        for (int n = 0; n < 1000; n++) {
            Path target = inbox.resolve(n == 0 ? name : alternative(name, n));
            try {
                Files.createLink(target, claimed);
            } catch (FileAlreadyExistsException taken) {
                if (!Files.isSameFile(target, claimed)) {
                    continue;
                }
            } catch (NoSuchFileException gone) {
                return null;
            }
            Files.deleteIfExists(claimed);
            return target;
        }
        throw new IOException("no free name in " + inbox + " to return " + name);
    }

    /** x.json -> x.returned-2.json: the extension stays last, so the format is still recognised. */
    private static String alternative(String name, int n) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + ".returned-" + n : name.substring(0, dot) + ".returned-" + n + name.substring(dot);
    }
}
