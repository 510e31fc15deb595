package io.khotam.run.claim;

import io.khotam.Problems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What went wrong before a run existed: the inbox could not be read, or a file could not be
 * claimed (no space, not readable, another filesystem). Nothing of that is a run, so it is kept
 * here: logged once per file and cause (not at every poll), shown by the health check until it
 * clears, and reported by {@code run --once} with a non-zero exit.
 */
public class ClaimFailures {

    /** The key under which a problem of the inbox itself is kept. */
    public static final String INBOX = "(the inbox)";

    private static final Logger LOG = LoggerFactory.getLogger(ClaimFailures.class);

    private final Map<String, String> open = new ConcurrentHashMap<>();

    /** A claim of {@code file} (or of {@link #INBOX}) failed; logged when this file has not failed this way before. */
    public void failed(String file, String reason) {
        String before = open.put(file, reason);
        if (!reason.equals(before)) {
            LOG.error("could not claim {}: {}; it stays where it is, to be tried again at the next poll (serve) or run --once", file, reason);
        }
    }

    /** The claim of a dropped file failed (the inbox route's error, before any run existed). */
    public void claimFailed(String file, Exception cause) {
        failed(file, Problems.describe(cause));
    }

    /** A claim of {@code file} succeeded, or the file left the inbox: its problem, if any, is over. */
    public void resolved(String file) {
        String was = open.remove(file);
        if (was != null) {
            LOG.info("{} no longer fails to be claimed (was: {})", file, was);
        }
    }

    /** Forgets files that are no longer in the inbox (someone took them away). */
    public void forgetVanished() {
        open.keySet().removeIf(file -> !INBOX.equals(file) && !Files.exists(Path.of(file), LinkOption.NOFOLLOW_LINKS));
    }

    /** @return "file: reason" for each open problem, sorted */
    public List<String> current() {
        return open.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).sorted().toList();
    }
}
