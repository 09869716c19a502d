package org.shoptide.trade.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.PrepayRequest;

/** The sandbox behaves like a provider that outlives the merchant's server. */
class SandboxRestartTest {
    @TempDir
    Path dir;

    @Test
    void aPaymentPendingWhenTheServerDiedIsStillPaidAfterItsRestart() throws Exception {
        SandboxSettings settings = new SandboxSettings(dir.resolve("ledger"), "restart-secret-0123456789",
                "http://127.0.0.1:9", SandboxSettings.Outcome.SUCCEED, Duration.ofMillis(300), Duration.ZERO, 0, 0,
                true, Duration.ofMinutes(5), 1);
        SandboxPaymentProvider first = new SandboxPaymentProvider(settings, Clock.systemUTC());
        first.prepay(new PrepayRequest("pay_restart1", "lamp", 1999, "EUR", Channel.PAGE, null,
                Instant.now().plusSeconds(600), null));
        first.close(); // dies before the payer's outcome
        assertThat(first.query("pay_restart1").state()).isEqualTo(PaymentState.PENDING);

        try (SandboxPaymentProvider second = new SandboxPaymentProvider(settings, Clock.systemUTC())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (second.query("pay_restart1").state() == PaymentState.PENDING && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(second.query("pay_restart1").state()).isEqualTo(PaymentState.PAID);
            assertThat(second.query("pay_restart1").amountMinor()).isEqualTo(1999);
        }
    }
}
