package org.shoptide.onnx;

import java.util.Arrays;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One loaded ONNX model that satisfies {@link OnnxContract}: builds the input tensors and runs the session. ONNX
 * Runtime sessions are thread-safe for {@code run}, so one scorer serves every request; each run uses one intra-op
 * thread (the request threads are the parallelism). Close it when no request can use it any more.
 */
public final class OnnxScorer implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final OnnxContract.Shape shape;

    private OnnxScorer(OrtEnvironment env, OrtSession session, OnnxContract.Shape shape) {
        this.env = env;
        this.session = session;
        this.shape = shape;
    }

    /**
     * Parses and checks a model.
     *
     * @param problems
     *            receives what makes the model unusable
     *
     * @return the scorer, or null when {@code problems} got any
     */
    public static OnnxScorer load(byte[] model, List<String> problems) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            session = env.createSession(model, o);
        } catch (OrtException | RuntimeException e) {
            problems.add("not a model ONNX Runtime can load: " + e.getMessage());
            return null;
        }
        try {
            OnnxContract.Shape shape = OnnxContract.check(session.getInputInfo(), session.getOutputInfo(), problems);
            if (shape != null) {
                return new OnnxScorer(env, session, shape);
            }
        } catch (OrtException e) {
            problems.add("cannot read the model's inputs and outputs: " + e.getMessage());
        }
        closeQuietly(session);
        return null;
    }

    public OnnxContract.Shape shape() {
        return shape;
    }

    /**
     * Scores candidates.
     *
     * @param history
     *            the user's known items as table indexes, oldest first (padded or cut here)
     * @param features
     *            row-major {@code [C, F]} features, or null when the model does not read them
     * @param options
     *            the run's options (a watchdog may terminate it), or null
     *
     * @throws OrtException
     *             when the model fails or returns something else than one finite-or-not float per candidate
     */
    public float[] score(long[] history, long[] candidates, float[] features, OrtSession.RunOptions options)
            throws OrtException {
        long[] h = fit(history);
        List<OnnxTensor> tensors = new ArrayList<>(3);
        try {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put(OnnxContract.HISTORY, track(tensors, OnnxTensor.createTensor(env, LongBuffer.wrap(h),
                    shape.historyBatched() ? new long[] { 1, h.length } : new long[] { h.length })));
            in.put(OnnxContract.CANDIDATES, track(tensors,
                    OnnxTensor.createTensor(env, LongBuffer.wrap(candidates), new long[] { candidates.length })));
            if (shape.features()) {
                in.put(OnnxContract.FEATURES_INPUT, track(tensors, OnnxTensor.createTensor(env,
                        FloatBuffer.wrap(features), new long[] { candidates.length, OnnxContract.FEATURES.size() })));
            }
            try (OrtSession.Result r = options == null ? session.run(in, Set.of(OnnxContract.SCORES))
                    : session.run(in, Set.of(OnnxContract.SCORES), options)) {
                OnnxValue v = r.get(OnnxContract.SCORES).orElseThrow();
                if (!(v instanceof OnnxTensor t) || t.getInfo().getNumElements() != candidates.length) {
                    throw new OrtException("output 'scores' has "
                            + (v instanceof OnnxTensor t2 ? t2.getInfo().getNumElements() + " values" : "no tensor")
                            + " for " + candidates.length + " candidates");
                }
                FloatBuffer b = t.getFloatBuffer();
                float[] out = new float[candidates.length];
                b.get(out);
                return out;
            }
        } finally {
            tensors.forEach(OnnxTensor::close);
        }
    }

    /** The history as the model declares it: left-padded with the pad or cut to the most recent items. */
    long[] fit(long[] history) {
        int len = shape.lengthFor(history.length);
        long[] h = new long[len];
        int keep = Math.min(len, history.length);
        Arrays.fill(h, 0, len - keep, OnnxContract.PAD);
        System.arraycopy(history, history.length - keep, h, len - keep, keep);
        return h;
    }

    private static OnnxTensor track(List<OnnxTensor> tensors, OnnxTensor t) {
        tensors.add(t);
        return t;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // nothing left to release
        }
    }
}
