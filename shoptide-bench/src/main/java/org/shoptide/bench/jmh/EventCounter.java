package org.shoptide.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Secondary JMH result {@code events}: events processed, reported as a rate (events per second in throughput mode). */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class EventCounter {
    public long events;

    @Setup(Level.Iteration)
    public void reset() {
        events = 0;
    }
}
