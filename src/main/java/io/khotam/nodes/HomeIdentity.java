package io.khotam.nodes;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Which shared home a node works on, whatever path each host mounts it at: a random id kept in
 * {@code staging/.home-id}, made by the first node (a hard link, so two first nodes agree on one).
 * Leases of other homes kept in the same database are none of this node's business.
 */
public final class HomeIdentity {

    static final String FILE = ".home-id";

    private HomeIdentity() {}

    public static String of(Path stagingRoot) throws IOException {
        Path file = stagingRoot.resolve(FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(stagingRoot);
            Path made = Files.createTempFile(stagingRoot, ".home-id-", ".tmp");
            try {
                Files.writeString(made, UUID.randomUUID() + "\n");
                Files.createLink(file, made);
            } catch (FileAlreadyExistsException another) {
                // another node made it first: its id is the home's
            } finally {
                Files.deleteIfExists(made);
            }
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " must be a regular file (the shared home's identity)");
        }
        String id = Files.readString(file).strip();
        if (!id.matches("[0-9a-f-]{36}")) {
            throw new IOException(file + " does not hold a home id (" + id.length() + " characters); remove it to make a new one");
        }
        return id;
    }
}
