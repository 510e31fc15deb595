package io.khotam.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The guard's decisions without a server (ConsoleApiIT asks them over real HTTP). */
class ApiGuardTest {

    @Test
    void offLoopbackWithoutATokenItFailsClosed() {
        assertThatThrownBy(() -> new ApiGuard(true, null)).hasMessageContaining("KHOTAM_CONSOLE_TOKEN");
        assertThatThrownBy(() -> new ApiGuard(true, "  ")).hasMessageContaining("KHOTAM_CONSOLE_TOKEN");
    }

    @Test
    void aRequiredTokenIsAskedOfEveryRequestAndAPostNeedsTheCsrfToken() {
        ApiGuard guard = new ApiGuard(true, "s3cret");
        assertThatThrownBy(() -> guard.admit("GET", null, null)).isInstanceOf(ApiRefusal.class);
        assertThatThrownBy(() -> guard.admit("GET", null, "Bearer wrong")).isInstanceOf(ApiRefusal.class);
        assertThatCode(() -> guard.admit("GET", null, "Bearer s3cret")).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.admit("POST", null, "Bearer s3cret")).isInstanceOf(ApiRefusal.class);
        assertThatCode(() -> guard.admit("POST", guard.csrfToken(), "Bearer s3cret")).doesNotThrowAnyException();
    }

    @Test
    void onLoopbackAnEnvironmentTokenIsNotAskedFor() {
        ApiGuard guard = new ApiGuard(false, "set-but-not-required");
        assertThatCode(() -> guard.admit("GET", null, null)).doesNotThrowAnyException();
        assertThat(new ApiGuard(false, null).csrfToken()).hasSize(48).isNotEqualTo(guard.csrfToken());
    }

    @Test
    void everyRunIdARequestNamesIsARunIdOrA400() {
        ApiGuard guard = new ApiGuard(false, null);
        assertThatCode(() -> guard.runIds(null, null, null)).doesNotThrowAnyException();
        assertThatCode(() -> guard.runIds("20260101-000000-deadbeef", "20260101-000000-deadbeef-2", null))
                .doesNotThrowAnyException();
        for (String[] ids : new String[][] {{"../etc", null, null}, {null, "20260101-000000-deadbeef/..", null},
                {null, null, "x"}, {"", null, null}}) {
            assertThatThrownBy(() -> guard.runIds(ids[0], ids[1], ids[2])).isInstanceOf(ApiRefusal.class)
                    .extracting(e -> ((ApiRefusal) e).status()).isEqualTo(400);
        }
    }
}
