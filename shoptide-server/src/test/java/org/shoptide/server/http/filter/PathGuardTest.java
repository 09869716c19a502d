package org.shoptide.server.http.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathGuardTest {
    @Test
    void acceptsWellFormedEscapesOfUtf8() {
        assertThat(PathGuard.wellEscaped("/v1/items/plain-id")).isTrue();
        assertThat(PathGuard.wellEscaped("/v1/items/caf%C3%A9")).isTrue();
        assertThat(PathGuard.wellEscaped("/v1/items/%F0%9F%98%80%20x%2F")).isTrue();
        assertThat(PathGuard.wellEscaped("/v1/items/%25")).isTrue();
    }

    @Test
    void rejectsBadEscapesAndInvalidUtf8() {
        assertThat(PathGuard.wellEscaped("/static/%u0041")).isFalse();
        assertThat(PathGuard.wellEscaped("/v1/items/%")).isFalse();
        assertThat(PathGuard.wellEscaped("/v1/items/%4")).isFalse();
        assertThat(PathGuard.wellEscaped("/v1/items/%zz")).isFalse();
        assertThat(PathGuard.wellEscaped("/v1/items/%FF")).isFalse();
        assertThat(PathGuard.wellEscaped("/v1/items/%C3%28")).isFalse();
        assertThat(PathGuard.wellEscaped("/v1/items/%E2%82")).isFalse();
        assertThat(PathGuard.wellEscaped("/v1/items/%C0%AF")).isFalse(); // overlong '/'
        assertThat(PathGuard.wellEscaped("/v1/items/%ED%A0%80")).isFalse(); // an encoded surrogate
    }
}
