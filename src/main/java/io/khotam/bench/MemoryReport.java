package io.khotam.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** The JVM's peak heap, printed on stderr as {@code peak_heap_mb=N} for the benchmark to read. */
public final class MemoryReport {

    private MemoryReport() {}

    public static long peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    public static void print() {
        System.err.println("peak_heap_mb=" + peakHeapMb());
    }
}
