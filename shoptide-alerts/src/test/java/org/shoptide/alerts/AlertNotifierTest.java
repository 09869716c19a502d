package org.shoptide.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.alert.AlertState;
import org.shoptide.core.alert.Silence;
import org.shoptide.embedded.sqlite.SqliteAlertStore;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.testing.fake.MutableClock;

/** The notifier over a real registry and the SQLite store, with channels that record what they were sent. */
class AlertNotifierTest {
    static final AlertRule INGEST = RuleSet.parse("""
            {"rules":[{"name":"IngestErrors","severity":"critical","summary":"ingest fails for {{shop}}",
              "kind":"increase","metric":"errors","by":["shop"],"windows":["5m"],"op":">","threshold":0,"for":"1m"}]}
            """, "test").get(0);
    static final AlertNotifier.Settings SETTINGS = new AlertNotifier.Settings(Duration.ofSeconds(15),
            Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofMinutes(5), 4);

    @TempDir
    Path dir;
    SqliteDatabase db;
    SqliteAlertStore store;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T16:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RecordingChannel ding = new RecordingChannel("dingtalk");
    final RecordingChannel mail = new RecordingChannel("email");

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("shoptide.db"));
        store = new SqliteAlertStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    AlertNotifier notifier() {
        return new AlertNotifier(List.of(INGEST), registry, store, List.of(ding, mail), clock, SETTINGS, () -> {
        });
    }

    void step(AlertNotifier n, Duration d) {
        clock.advance(d);
        n.tick();
    }

    Counter errors(String shop) {
        return Counter.builder("errors").tag("shop", shop).register(registry);
    }

    @Test
    void pendingThenOneFiringMessageThenResolveOnEveryChannel() {
        AlertNotifier n = notifier();
        n.tick();
        errors("s1").increment();
        step(n, Duration.ofSeconds(15));
        assertThat(store.states()).singleElement().extracting(AlertState::status).isEqualTo(AlertState.Status.PENDING);
        assertThat(ding.sent).isEmpty();
        step(n, Duration.ofSeconds(30));
        assertThat(ding.sent).isEmpty(); // 'for' is one minute
        step(n, Duration.ofSeconds(30));
        assertThat(ding.statuses()).containsExactly("firing IngestErrors {shop=s1}");
        assertThat(mail.statuses()).containsExactly("firing IngestErrors {shop=s1}");
        assertThat(ding.sent.get(0).summary()).isEqualTo("ingest fails for s1");
        for (int i = 0; i < 10; i++) { // still firing within the repeat interval: no new message
            errors("s1").increment();
            step(n, Duration.ofSeconds(15));
        }
        assertThat(ding.sent).hasSize(1);
        step(n, Duration.ofMinutes(6)); // no errors for longer than the window
        assertThat(ding.statuses()).containsExactly("firing IngestErrors {shop=s1}", "resolved IngestErrors {shop=s1}");
        assertThat(mail.sent).hasSize(2);
        assertThat(ding.sent.get(1).endsAt()).isEqualTo(clock.instant());
        assertThat(store.states()).isEmpty();
        assertThat(store.deliveries()).isEmpty();
    }

    @Test
    void aConditionThatClearsBeforeForSendsNothing() {
        AlertNotifier n = notifier();
        n.tick();
        errors("s1").increment();
        step(n, Duration.ofSeconds(15));
        step(n, Duration.ofMinutes(6));
        assertThat(store.states()).isEmpty();
        assertThat(ding.sent).isEmpty();
    }

    @Test
    void repeatsAfterTheRepeatIntervalWhileFiring() {
        AlertNotifier n = notifier();
        n.tick();
        for (int i = 0; i < 4 * 65; i++) { // 65 minutes of errors every 15 s
            errors("s2").increment();
            step(n, Duration.ofSeconds(15));
        }
        assertThat(ding.statuses()).containsExactly("firing IngestErrors {shop=s2}", "firing IngestErrors {shop=s2}");
    }

    @Test
    void silencedAlertsSendNothingUntilTheSilenceEnds() {
        AlertNotifier n = notifier();
        store.putSilence(new Silence("s",
                List.of(new Silence.Matcher("alertname", "IngestErrors", false),
                        new Silence.Matcher("shop", "s[12]", true)),
                clock.instant(), clock.instant().plusSeconds(600), "ops", "deploy", clock.instant()));
        n.tick();
        for (int i = 0; i < 8; i++) {
            errors("s1").increment();
            errors("s3").increment();
            step(n, Duration.ofSeconds(15));
        }
        assertThat(ding.statuses()).containsExactly("firing IngestErrors {shop=s3}");
        for (int i = 0; i < 40; i++) { // past the silence's end, s1 still failing
            errors("s1").increment();
            step(n, Duration.ofSeconds(15));
        }
        assertThat(ding.statuses()).containsExactly("firing IngestErrors {shop=s3}", "resolved IngestErrors {shop=s3}",
                "firing IngestErrors {shop=s1}");
    }

    @Test
    void failedDeliveriesAreRetriedWithBackOffAndOtherChannelsAreNotHeldUp() {
        AlertNotifier n = notifier();
        n.tick();
        ding.failNext.set(2);
        for (int i = 0; i < 5; i++) {
            errors("s1").increment();
            step(n, Duration.ofSeconds(15));
        }
        assertThat(mail.sent).hasSize(1);
        assertThat(ding.sent).isEmpty();
        assertThat(store.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastError()).contains("dingtalk is down");
        });
        step(n, Duration.ofSeconds(10)); // second attempt after 10 s fails, third after 20 s more
        assertThat(ding.sent).isEmpty();
        step(n, Duration.ofSeconds(15));
        assertThat(ding.sent).isEmpty();
        step(n, Duration.ofSeconds(15));
        assertThat(ding.statuses()).containsExactly("firing IngestErrors {shop=s1}");
        assertThat(n.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(n.backoff(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(n.backoff(30)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void givesUpAfterMaxAttemptsAndKeepsTheDeliveryForInspection() {
        AlertNotifier n = notifier();
        n.tick();
        ding.failNext.set(100);
        for (int i = 0; i < 80; i++) {
            errors("s1").increment();
            step(n, Duration.ofSeconds(15));
        }
        assertThat(store.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(4);
            assertThat(d.nextAttemptAt()).isNull();
        });
    }

    @Test
    void aRestartNeitherRepeatsNorLosesMessages() {
        AlertNotifier first = notifier();
        first.tick();
        ding.failNext.set(1);
        for (int i = 0; i < 5; i++) {
            errors("s1").increment();
            step(first, Duration.ofSeconds(15));
        }
        assertThat(mail.sent).hasSize(1);
        assertThat(store.deliveries()).hasSize(1); // dingtalk's, waiting for its retry
        first.close();
        db.close();

        db = new SqliteDatabase(dir.resolve("shoptide.db"));
        store = new SqliteAlertStore(db);
        AlertNotifier second = notifier();
        for (int i = 0; i < 8; i++) {
            errors("s1").increment();
            step(second, Duration.ofSeconds(15));
        }
        assertThat(mail.sent).hasSize(1);
        assertThat(ding.statuses()).containsExactly("firing IngestErrors {shop=s1}");
        step(second, Duration.ofMinutes(6));
        assertThat(mail.statuses()).containsExactly("firing IngestErrors {shop=s1}", "resolved IngestErrors {shop=s1}");
    }

    @Test
    void statesOfRulesNoLongerConfiguredAreDroppedSilently() {
        AlertNotifier n = notifier();
        n.tick();
        for (int i = 0; i < 6; i++) {
            errors("s1").increment();
            step(n, Duration.ofSeconds(15));
        }
        assertThat(store.states()).hasSize(1);
        AlertNotifier none = new AlertNotifier(List.of(), registry, store, List.of(ding, mail), clock, SETTINGS, () -> {
        });
        none.tick();
        assertThat(store.states()).isEmpty();
        assertThat(ding.sent).hasSize(1);
    }

    @Test
    void failuresBetweenStartUpAndTheFirstEvaluationCount() {
        AlertNotifier n = notifier();
        errors("early").increment(); // before the notifier's first round
        for (int i = 0; i < 5; i++) {
            step(n, Duration.ofSeconds(15));
        }
        assertThat(ding.statuses()).containsExactly("firing IngestErrors {shop=early}");
    }
}
