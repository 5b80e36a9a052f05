package io.scem.jobs.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** The memory figures the benchmarks print, for this process. */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Starts the heap peaks afresh (the JVM's peak RSS cannot be reset). */
    public static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
    }

    /**
     * The sum of every heap pool's peak since {@link #resetPeaks}: an upper bound of the peak
     * heap (pools peak at different moments), which is why it can exceed -Xmx.
     */
    public static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum >> 20;
    }

    /** How the benchmarks print {@link #peakHeapMb}: as the upper bound it is, beside the maximum heap. */
    public static String describePeakHeap(long peakHeapMb) {
        return String.format("peak heap ≤ %,d MB (the heap pools' peaks added up; max %,d MB)", peakHeapMb,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /**
     * Heap in use right after a full collection: what is reachable, not garbage waiting. The
     * collection pauses the whole JVM (hundreds of ms for a large heap): sample seldom.
     */
    public static long liveHeapBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Collections and the time they took, every collector together, since the JVM started: a
     * heap too small for the state shows as back-to-back (full) collections and a time that
     * grows faster than the work.
     */
    public record GcTotals(long collections, long millis) {
        public static GcTotals now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new GcTotals(count, millis);
        }

        public GcTotals since(GcTotals start) {
            return new GcTotals(collections - start.collections, millis - start.millis);
        }
    }

    /** VmHWM of /proc/self/status: the most resident memory this process ever had; -1 if unknown. */
    public static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
        }
        return -1;
    }
}
