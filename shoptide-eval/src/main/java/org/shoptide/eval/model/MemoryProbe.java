package org.shoptide.eval.model;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak Java heap during a piece of work, from the JVM's memory pools: a GC first (so garbage of earlier work is not
 * counted), the heap in use then as the baseline, the pools' peak counters reset, and after the work the sum of the
 * heap pools' peaks. The sum can exceed the true simultaneous peak a little (pools peak at different moments); it
 * includes what the harness itself holds (the dataset and the split), which the baseline shows.
 */
public final class MemoryProbe {
    private final long baseline;

    private MemoryProbe(long baseline) {
        this.baseline = baseline;
    }

    /** Collects garbage, records the baseline and resets the peaks. */
    public static MemoryProbe start() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                used += p.getUsage().getUsed();
                p.resetPeakUsage();
            }
        }
        return new MemoryProbe(used);
    }

    /** Heap in use when the probe started, bytes. */
    public long baselineBytes() {
        return baseline;
    }

    /** Sum of the heap pools' peak usage since the probe started, bytes. */
    public long peakBytes() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return Math.max(peak, baseline);
    }
}
