package org.shoptide.kafka;

import org.shoptide.core.port.EventLog;
import org.shoptide.testing.contract.EventLogContract;

/** The event log contract against a real (in-process) Kafka broker; each test uses its own topic prefix. */
class KafkaEventLogContractTest implements EventLogContract {
    private String prefix;

    @Override
    public EventLog createLog() {
        prefix = SharedKafka.newPrefix();
        return KafkaEventLog.open(SharedKafka.uri(prefix));
    }

    @Override
    public EventLog reopen(EventLog closed) {
        return KafkaEventLog.open(SharedKafka.uri(prefix));
    }
}
