package io.khotam.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Room kept on disk for a run's final manifest: a file of real bytes written when the run is
 * claimed, over which the final manifest is written ({@link Manifests#writeFinal}). When the run's
 * outputs fill the disk, that room is what lets the run still end FAILED with its reason instead of
 * staying RUNNING (a manifest is a few kilobytes; the room is far larger). The bytes are written, not
 * forced to disk: the filesystem counts them against its free space when they are written (a
 * delayed allocation is reserved then), and they are never read.
 */
public final class ManifestReserve {

    public static final int BYTES = 256 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(BYTES).asReadOnlyBuffer();

    private ManifestReserve() {}

    public static void reserve(Path runDir) throws IOException {
        try (FileChannel room = FileChannel.open(runDir.resolve(RunLayout.MANIFEST_RESERVE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ZEROS.duplicate();
            while (zeros.hasRemaining()) {
                room.write(zeros);
            }
        }
    }

    /** A run ended by someone else (recovery) gives its room back. */
    public static void release(Path runDir) throws IOException {
        Files.deleteIfExists(runDir.resolve(RunLayout.MANIFEST_RESERVE));
    }
}
