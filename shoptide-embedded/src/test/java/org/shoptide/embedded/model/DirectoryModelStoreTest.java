package org.shoptide.embedded.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.contract.ModelStoreContract;

class DirectoryModelStoreTest implements ModelStoreContract {

    @TempDir
    Path root;

    @Override
    public ModelStore modelStore() {
        return new DirectoryModelStore(root);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void layoutIsVersionDirectoriesWithArtifactAndUtf8Metadata() throws IOException {
        ModelStore store = modelStore();
        store.publish(SHOP_A, Map.of("заметка", "模型"), out -> out.write(new byte[] { 1, 2, 3 }));
        Path version = root.resolve("shop-a").resolve("v0000000001");
        assertThat(names(root.resolve("shop-a"))).containsExactly("v0000000001");
        assertThat(names(version)).containsExactly("meta.properties", "model.bin");
        assertThat(Files.readAllBytes(version.resolve("model.bin"))).containsExactly(1, 2, 3);
        String meta = Files.readString(version.resolve("meta.properties"), StandardCharsets.UTF_8);
        assertThat(meta).contains("meta.заметка=模型").contains("store.version=1").contains("store.sizeBytes=3")
                .contains("store.sha256=039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
    }

    @Test
    void failedPublishLeavesNoTempDirectory() throws IOException {
        ModelStore store = modelStore();
        assertThatThrownBy(() -> store.publish(SHOP_A, Map.of(), out -> {
            out.write(1);
            throw new IOException("boom");
        })).isInstanceOf(RuntimeException.class).hasRootCauseMessage("boom");
        assertThat(names(root.resolve("shop-a"))).isEmpty();
    }

    @Test
    void leftoversOfACrashAreIgnoredAndCleanedOnOpen() throws IOException {
        ModelStore store = modelStore();
        ModelInfo v1 = store.publish(SHOP_A, Map.of(), out -> out.write(7));
        Path shopDir = root.resolve("shop-a");
        // a publish that crashed before its rename, a half-written one, and a retain that crashed mid-delete
        Path temp = Files.createDirectory(shopDir.resolve(".tmp-crashed"));
        Files.write(temp.resolve("model.bin"), new byte[] { 9, 9 });
        Files.createDirectory(shopDir.resolve(".tmp-empty"));
        Path deleting = Files.createDirectory(shopDir.resolve(".del-crashed"));
        Files.writeString(deleting.resolve("meta.properties"), "store.version=1\n");

        assertThat(store.list(SHOP_A)).containsExactly(v1);
        assertThat(store.latest(SHOP_A)).contains(v1);

        ModelStore reopened = new DirectoryModelStore(root);
        assertThat(names(shopDir)).containsExactly("v0000000001");
        assertThat(reopened.latest(SHOP_A)).contains(v1);
        assertThat(reopened.publish(SHOP_A, Map.of(), out -> out.write(8)).version()).isEqualTo(2);
    }

    @Test
    void versionsSurviveReopen() {
        ModelStore store = modelStore();
        store.publish(SHOP_A, Map.of("k", "v"), out -> out.write(1));
        ModelInfo v2 = store.publish(SHOP_A, Map.of("k", "w"), out -> out.write(2));
        ModelStore reopened = new DirectoryModelStore(root);
        assertThat(reopened.latest(SHOP_A)).contains(v2);
        assertThat(reopened.publish(SHOP_A, Map.of(), out -> out.write(3)).version()).isEqualTo(3);
    }

    @Test
    void twoStoresOnOneRootNeverShareAVersion() {
        ModelStore a = modelStore();
        ModelStore b = new DirectoryModelStore(root);
        assertThat(a.publish(SHOP_A, Map.of(), out -> out.write(1)).version()).isEqualTo(1);
        assertThat(b.publish(SHOP_A, Map.of(), out -> out.write(2)).version()).isEqualTo(2);
        assertThat(a.publish(SHOP_A, Map.of(), out -> out.write(3)).version()).isEqualTo(3);
    }

    @Test
    void retainRejectsKeepingNothing() {
        ModelStore store = modelStore();
        store.publish(SHOP_A, Map.of(), out -> out.write(1));
        assertThatThrownBy(() -> store.retain(SHOP_A, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list(SHOP_A)).hasSize(1);
    }

    @Test
    void unknownShopDirectoryIsEmpty() {
        assertThat(modelStore().list(ShopId.of("never"))).isEmpty();
    }
}
