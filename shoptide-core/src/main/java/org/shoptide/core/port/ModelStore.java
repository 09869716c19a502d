package org.shoptide.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;

/**
 * Immutable, versioned model artifacts per shop. Publishing is atomic: a reader sees either the previous latest version
 * or the complete new one. The artifact bytes are opaque here (their format is
 * {@code org.shoptide.core.model.ModelFormat}). Contract: {@code ModelStoreContract}.
 */
public interface ModelStore {

    /**
     * Writes a new version and makes it the latest once {@code writer} returns without error.
     *
     * @return the new version's info; versions increase by one per shop, starting at 1
     */
    ModelInfo publish(ShopId shop, Map<String, String> metadata, ArtifactWriter writer);

    Optional<ModelInfo> latest(ShopId shop);

    /** All versions still stored, newest first. */
    List<ModelInfo> list(ShopId shop);

    InputStream open(ShopId shop, long version) throws IOException;

    /** Deletes all but the newest {@code keep} versions. */
    void retain(ShopId shop, int keep);

    /** Writes the artifact bytes. */
    @FunctionalInterface
    interface ArtifactWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Description of one stored version. */
    record ModelInfo(ShopId shop, long version, Instant createdAt, long sizeBytes, Map<String, String> metadata) {
        public ModelInfo {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }
    }
}
