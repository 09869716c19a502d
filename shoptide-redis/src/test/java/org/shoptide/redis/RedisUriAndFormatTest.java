package org.shoptide.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.RealtimeState.Interaction;
import org.shoptide.core.realtime.SubjectProfile;

/** What needs no server: URI checks and the stored profile format. */
class RedisUriAndFormatTest {
    @Test
    void badUrisAreRefusedBeforeAnyConnection() {
        assertThatThrownBy(() -> Redis.connect("http://127.0.0.1:6379")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://");
        assertThatThrownBy(() -> Redis.connect("redis://127.0.0.1:6379/zero"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database number");
        assertThatThrownBy(() -> Redis.connect("redis://127.0.0.1:6379?prefx=a:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown Redis URI parameter 'prefx'");
        assertThatThrownBy(() -> Redis.connect("redis://127.0.0.1:6379?timeout=soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2s or 500ms");
        assertThatThrownBy(() -> Redis.connect("redis://127.0.0.1:6379?timeout=0s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> Redis.connect("redis:///0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @Test
    void aProfileSurvivesItsStoredFormExactly() {
        SubjectProfile p = new SubjectProfile(RealtimeEvents.LIMITS);
        p.apply("g1", Interaction.ENGAGE, 1.5f, "s1", RealtimeEvents.T0, List.of("Garden", "Garden > Tools"));
        p.apply("k1", Interaction.ADD_TO_CART, 4, "s1", RealtimeEvents.T0 + 1, List.of("Kitchen"));
        p.apply("k2", Interaction.PURCHASE, 8, "s1", RealtimeEvents.T0 + 2, List.of("Kitchen"));
        p.apply("b1", Interaction.DISLIKE, 0, "s1", RealtimeEvents.T0 + 3, List.of());
        p.apply("ü-ä-1", Interaction.ENGAGE, 0.25f, "s1", RealtimeEvents.T0 + 4, List.of("Küche"));
        byte[] stored = ProfileCodec.encode(p.export());
        SubjectProfile.State back = ProfileCodec.decode(stored);
        assertThat(back).usingRecursiveComparison().isEqualTo(p.export());
        assertThat(SubjectProfile.restore(RealtimeEvents.LIMITS, back).export()).usingRecursiveComparison()
                .isEqualTo(p.export());
        assertThat(ProfileCodec.encode(back)).as("equal states, equal bytes").isEqualTo(stored);
        assertThat(back.categories()).containsAllEntriesOf(Map.of("Kitchen", 12f, "Küche", 0.25f));
    }

    @Test
    void anUnknownFormatVersionIsRefused() {
        byte[] stored = ProfileCodec.encode(new SubjectProfile(RealtimeEvents.LIMITS).export());
        stored[0] = 9;
        assertThatThrownBy(() -> ProfileCodec.decode(stored)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format version 9");
        assertThatThrownBy(() -> ProfileCodec.decode(new byte[] { 1, 0, 0 })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void globCharactersOfAPrefixAreEscaped() {
        assertThat(RedisInvalidations.escapeGlob("a*b?c[d]e\\f")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f");
    }
}
