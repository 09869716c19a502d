package org.shoptide.trade.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.testing.contract.PaymentProviderContract;
import org.shoptide.testing.fake.MutableClock;
import org.shoptide.trade.sandbox.SandboxSettings.Outcome;

/** The sandbox passes the payment provider contract, with refunds settled by the test's back office. */
class SandboxPaymentProviderContractTest extends PaymentProviderContract {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.now());
    private SandboxPaymentProvider sandbox;

    @Override
    protected PaymentProvider provider() {
        sandbox = new SandboxPaymentProvider(
                new SandboxSettings(dir.resolve("sandbox.ledger"), "contract-secret-0123456789", "http://127.0.0.1:1",
                        Outcome.NONE, Duration.ZERO, Duration.ZERO, 0, 0, false, Duration.ofMinutes(5), 7),
                clock);
        return sandbox;
    }

    @AfterEach
    void closeSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Override
    protected OutsideWorld world() {
        return new OutsideWorld() {
            @Override
            public void pay(String paymentId) {
                sandbox.complete(paymentId, true);
            }

            @Override
            public void fail(String paymentId) {
                sandbox.complete(paymentId, false);
            }

            @Override
            public void settleRefund(String refundId) {
                sandbox.settleRefund(refundId);
            }

            @Override
            public void redeliver(String paymentOrRefundId) {
                sandbox.redeliver(paymentOrRefundId);
            }

            @Override
            public Map<String, String> forgeSignature(Map<String, String> headers, byte[] body) {
                Map<String, String> forged = new LinkedHashMap<>(headers);
                forged.keySet().removeIf(SandboxSignature.HEADER::equalsIgnoreCase);
                forged.put(SandboxSignature.HEADER,
                        new SandboxSignature("not-the-sandbox-secret-42").sign(body, clock.instant()));
                return forged;
            }

            @Override
            public void advanceAdapterClock(Duration by) {
                clock.advance(by);
            }
        };
    }

    @Override
    protected String currency() {
        return "CNY";
    }

    @Override
    protected List<Channel> channels() {
        return List.of(Channel.PAGE, Channel.NATIVE);
    }

}
