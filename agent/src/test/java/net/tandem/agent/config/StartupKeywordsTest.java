package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code vrrp_startup_delay} (global_defs) and {@code dont_track_primary} (vrrp_instance), read as keepalived 2.2.7 does. */
class StartupKeywordsTest {

    private static final String INSTANCE = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n%s}\n";

    private static ConfigResult parse(String text) {
        return ConfigLoader.parse("t.conf", text, Path.of("."));
    }

    @Test
    void neitherIsOnUnlessWritten() {
        ConfigResult r = parse(INSTANCE.formatted(""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().globals().vrrpStartupDelay()).isEqualTo(Duration.ZERO);
        assertThat(r.config().instances().getFirst().dontTrackPrimary()).isFalse();
    }

    @Test
    void theStartupDelayTakesFractionalSecondsAsInKeepalivedsManPage() {
        ConfigResult r = parse("global_defs {\n vrrp_startup_delay 5.5\n}\n" + INSTANCE.formatted(""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().globals().vrrpStartupDelay()).isEqualTo(Duration.ofMillis(5500));
    }

    @Test
    void aStartupDelayOfZeroOrNoneIsAnError() {
        // keepalived: "vrrp_startup_delay '0' is invalid" (its minimum is 1 ms).
        assertThat(parse("global_defs {\n vrrp_startup_delay 0\n}\n" + INSTANCE.formatted(""))
                        .errors())
                .singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("vrrp_startup_delay"));
        assertThat(parse("global_defs {\n vrrp_startup_delay\n}\n" + INSTANCE.formatted(""))
                        .errors())
                .isNotEmpty();
    }

    @Test
    void dontTrackPrimaryIsAFlagWithoutArguments() {
        ConfigResult r = parse(INSTANCE.formatted(" dont_track_primary\n"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().instances().getFirst().dontTrackPrimary()).isTrue();
        // As for every flag: an argument is ignored with a warning.
        assertThat(parse(INSTANCE.formatted(" dont_track_primary yes\n")).warnings())
                .anySatisfy(w -> assertThat(w.toString()).contains("dont_track_primary: unexpected \"yes\""));
    }
}
