package org.shoptide.core.model;

import java.io.IOException;

/** A model artifact that cannot be read: wrong magic, unsupported format version, truncation or checksum mismatch. */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
