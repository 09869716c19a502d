package org.shoptide.onnx;

import java.util.Locale;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs model calls for requests under a time-out with bounded concurrency: at most {@code concurrency} calls at once on
 * the provider's own threads (a call beyond that is not queued: the request falls back at once), each waited for
 * {@code timeout}; a call past its time-out is told to stop (ONNX Runtime's run termination) and the request falls
 * back. Fallbacks count in {@code shoptide.onnx.fallbacks} by reason ({@code timeout}, {@code error}, {@code busy});
 * calls are timed in {@code shoptide.onnx.inference}.
 */
public final class OnnxInference implements AutoCloseable {
    /** Why a request fell back to the blend. */
    public enum Fallback {
        TIMEOUT, ERROR, BUSY
    }

    /** A model call. */
    @FunctionalInterface
    interface Call {
        float[] run(OrtSession.RunOptions options) throws OrtException;
    }

    /** The outcome: scores, or why there are none. */
    record Outcome(float[] scores, Fallback fallback) {
    }

    private static final System.Logger LOG = System.getLogger(OnnxInference.class.getName());

    private final Duration timeout;
    private final ThreadPoolExecutor pool;
    private final MeterRegistry registry;
    private final Timer timer;

    public OnnxInference(Duration timeout, int concurrency, MeterRegistry registry) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("onnx time-out must be > 0");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("onnx concurrency must be >= 1");
        }
        this.timeout = timeout;
        this.registry = registry;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "onnx-inference-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.timer = Timer.builder("shoptide.onnx.inference").description("ONNX model calls of requests")
                .register(registry);
        for (Fallback f : Fallback.values()) {
            counter(f);
        }
    }

    public Duration timeout() {
        return timeout;
    }

    Outcome run(Call call) {
        Handle handle;
        try {
            handle = new Handle(new OrtSession.RunOptions());
        } catch (OrtException e) {
            return fallback(Fallback.ERROR, e);
        }
        long t0 = System.nanoTime();
        Future<float[]> f;
        try {
            f = pool.submit(() -> {
                try {
                    return call.run(handle.options);
                } finally {
                    handle.close();
                }
            });
        } catch (RejectedExecutionException e) {
            handle.close();
            return fallback(Fallback.BUSY, null);
        }
        try {
            float[] s = f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            timer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            return new Outcome(s, null);
        } catch (TimeoutException e) {
            // the worker stops within an operator or so and frees its slot; the request does not wait for it
            handle.terminate();
            f.cancel(false);
            return fallback(Fallback.TIMEOUT, null);
        } catch (ExecutionException e) {
            return fallback(Fallback.ERROR, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.terminate();
            return fallback(Fallback.ERROR, e);
        }
    }

    /** A run's options, which the waiting request may use to stop it until the worker is done with them. */
    private static final class Handle {
        private final OrtSession.RunOptions options;
        private boolean closed;

        Handle(OrtSession.RunOptions options) {
            this.options = options;
        }

        synchronized void terminate() {
            if (!closed) {
                try {
                    options.setTerminate(true);
                } catch (OrtException e) {
                    // the run ends on its own
                }
            }
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                options.close();
            }
        }
    }

    /** How many requests fell back for this reason (for status pages and tests). */
    public double fallbacks(Fallback reason) {
        return counter(reason).count();
    }

    private Outcome fallback(Fallback reason, Throwable cause) {
        counter(reason).increment();
        if (cause != null) {
            LOG.log(System.Logger.Level.DEBUG, "ONNX model call failed, blend order kept: " + cause.getMessage());
        }
        return new Outcome(null, reason);
    }

    private Counter counter(Fallback reason) {
        return Counter.builder("shoptide.onnx.fallbacks")
                .description("requests served in the blend's order because the ONNX model could not answer")
                .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
