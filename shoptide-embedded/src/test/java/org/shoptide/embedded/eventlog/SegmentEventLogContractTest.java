package org.shoptide.embedded.eventlog;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.EventLog;
import org.shoptide.testing.contract.EventLogContract;

/** The segment log against the port contract, with fsync on (the default). */
class SegmentEventLogContractTest implements EventLogContract {
    @TempDir
    Path dir;

    @Override
    public EventLog createLog() {
        return SegmentEventLog.open(dir.resolve("log"));
    }

    @Override
    public EventLog reopen(EventLog closed) {
        return SegmentEventLog.open(dir.resolve("log"));
    }
}
