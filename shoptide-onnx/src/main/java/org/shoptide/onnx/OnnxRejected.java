package org.shoptide.onnx;

import java.util.List;

/**
 * An upload or request that cannot be honoured, with every reason found (an upload is checked in one pass) and the HTTP
 * status that fits: 413 too large, 404 a missing version, 409 nothing to build on (no trained model), 422 a model that
 * breaks the contract or fails its dry run.
 */
public final class OnnxRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final List<String> problems;

    public OnnxRejected(int status, List<String> problems) {
        super(String.join("; ", problems));
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public int status() {
        return status;
    }

    public List<String> problems() {
        return problems;
    }
}
