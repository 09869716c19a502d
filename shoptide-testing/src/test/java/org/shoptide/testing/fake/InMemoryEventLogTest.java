package org.shoptide.testing.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.testing.contract.EventLogContract;

class InMemoryEventLogTest implements EventLogContract {

    @Override
    public EventLog createLog() {
        return new InMemoryEventLog();
    }

    @Override
    public EventLog reopen(EventLog closed) {
        return ((InMemoryEventLog) closed).reopen();
    }

    @Test
    void reopenedLogSharesMemoryButNotSubscriptions() {
        InMemoryEventLog first = new InMemoryEventLog();
        EventLogContract.await(first.append(SHOP_A, EventLogContract.views("r", 2)));
        InMemoryEventLog second = first.reopen();
        first.close();
        assertThat(EventLogContract.ids(EventLogContract.replayAll(second, SHOP_A, 0))).containsExactly("r0", "r1");
        List<LoggedEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (EventLog.Subscription sub = second.subscribe(SHOP_A, 1, seen::add)) {
            EventLogContract.waitFor(() -> seen.size() == 1, "one event");
            assertThat(sub.position()).isEqualTo(2);
        }
        second.close();
    }
}
