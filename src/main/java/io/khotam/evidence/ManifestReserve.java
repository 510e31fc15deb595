package io.khotam.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Room kept on disk for a run's final manifest: a file of real bytes written when the run is
 * claimed and removed just before the final manifest is written. When the run's outputs fill the
 * disk, freeing it is what lets the run still end FAILED with its reason instead of staying
 * RUNNING (a manifest is a few kilobytes; the room is far larger).
 */
public final class ManifestReserve {

    public static final int BYTES = 256 * 1024;

    private ManifestReserve() {}

    public static void reserve(Path runDir) throws IOException {
        try (FileChannel room = FileChannel.open(runDir.resolve(RunLayout.MANIFEST_RESERVE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(BYTES);
            while (zeros.hasRemaining()) {
                room.write(zeros);
            }
            room.force(true);
        }
    }

    public static void release(Path runDir) throws IOException {
        Files.deleteIfExists(runDir.resolve(RunLayout.MANIFEST_RESERVE));
    }
}
