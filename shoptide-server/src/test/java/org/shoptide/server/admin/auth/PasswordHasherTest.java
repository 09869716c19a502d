package org.shoptide.server.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    /** Small parameters keep the test fast; the format and logic are the same as with OWASP's. */
    static final PasswordHasher FAST = new PasswordHasher(64, 1, 1);

    @Test
    void hashesVerifyAndCarryTheirParameters() {
        String h = FAST.hash("correct horse battery");
        assertThat(h).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(FAST.verify("correct horse battery", h)).isTrue();
        assertThat(FAST.verify("correct horse batterY", h)).isFalse();
        assertThat(FAST.verify("", h)).isFalse();
        // verification uses the stored parameters, not the hasher's
        assertThat(new PasswordHasher(128, 2, 1).verify("correct horse battery", h)).isTrue();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        assertThat(FAST.hash("same password")).isNotEqualTo(FAST.hash("same password"));
    }

    @Test
    void theOutputIsArgon2idAsSpecified() {
        // Recompute the stored hash independently from its salt and parameters (RFC 9106 Argon2id, version 0x13).
        String h = FAST.hash("päss wörd ✓");
        String[] parts = h.split("\\$");
        byte[] salt = java.util.Base64.getDecoder().decode(parts[4]);
        byte[] out = new byte[32];
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(64).withIterations(1).withParallelism(1).withSalt(salt).build());
        g.generateBytes("päss wörd ✓".getBytes(StandardCharsets.UTF_8), out);
        assertThat(HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(parts[5])))
                .isEqualTo(HexFormat.of().formatHex(out));
    }

    @Test
    void malformedHashesNeverMatch() {
        assertThat(FAST.verify("x", null)).isFalse();
        assertThat(FAST.verify("x", "plain")).isFalse();
        assertThat(FAST.verify("x", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
        assertThat(FAST.verify("x", "$argon2id$v=19$m=0,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
    }

    @Test
    void weakerStoredParametersAskForARehash() {
        assertThat(PasswordHasher.OWASP.needsRehash(FAST.hash("pw"))).isTrue();
        assertThat(FAST.needsRehash(FAST.hash("pw"))).isFalse();
        assertThat(FAST.needsRehash("garbage")).isTrue();
    }

    @Test
    void owaspDefaultsAndParameterChecks() {
        assertThat(PasswordHasher.OWASP.hash("x")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThatThrownBy(() -> new PasswordHasher(4, 1, 1)).hasMessageContaining("memory");
        assertThatThrownBy(() -> new PasswordHasher(64, 0, 1)).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new PasswordHasher(64, 1, 0)).hasMessageContaining("parallelism");
    }
}
