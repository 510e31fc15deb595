package io.khotam;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Says what went wrong in words an operator reads at 2 a.m.: the cause and the file, never a Java class name. */
public final class Problems {

    private static final String NO_SPACE = "No space left on device";
    private static final String NO_SPACE_REASON = "no space left on device in the staging folder: ";

    private Problems() {}

    public static String describe(Throwable failure) {
        Throwable t = innermost(failure);
        if (t instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (t instanceof NoSuchFileException missing) {
            return "no such file or folder: " + missing.getFile();
        }
        if (t instanceof FileSystemException fs) {
            String reason = fs.getReason() == null ? "file system error" : fs.getReason();
            return reason + ": " + fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** A run's FAILED reason: a full disk is said first, in plain words, whatever wrapped it. */
    public static String reason(String problem) {
        return problem.contains(NO_SPACE) && !problem.startsWith(NO_SPACE_REASON) ? NO_SPACE_REASON + problem : problem;
    }

    // the deepest cause that still says something: wrappers repeat it with less detail
    private static Throwable innermost(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
