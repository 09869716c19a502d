package org.shoptide.peers.spark;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** What a measurement depends on besides the code: reported next to every number. */
final class Environment {
    private Environment() {
    }

    /**
     * The BLAS implementation Spark's ALS uses: {@code JNIBLAS} with a system {@code libblas.so.3}, else
     * {@code VectorBLAS} (JDK Vector API, needs {@code --add-modules jdk.incubator.vector}) or {@code Java11BLAS}.
     */
    static String blas() {
        return BLAS.getInstance().getClass().getSimpleName();
    }

    /**
     * Starts measuring peak heap the way the evaluation harness does: a GC, then the heap pools' peak counters reset.
     */
    static void resetHeapPeak() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                p.resetPeakUsage();
            }
        }
    }

    /**
     * Sum of the heap pools' peaks since {@link #resetHeapPeak}, MiB. In local mode Spark's executor is this JVM, so
     * this covers Spark's cached blocks and shuffle buffers (it can exceed the true simultaneous peak a little).
     */
    static long heapPeakMiB() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /**
     * CPU time of the whole process (all threads), nanoseconds. On a machine shared with other work it says what a fit
     * cost, where wall time also says how much CPU the machine could spare.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The system load average of the last minute, as the OS reports it (negative where unavailable). */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
