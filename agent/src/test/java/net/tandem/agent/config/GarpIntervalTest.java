package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** vrrp_garp_interval: decimal seconds, microsecond resolution, carried to every instance. */
class GarpIntervalTest {

    private static ConfigResult parse(String value) {
        return ConfigLoader.parse("t.conf", """
                global_defs {
                    vrrp_garp_interval %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.0.2.8/24
                    }
                }
                """.formatted(value), Path.of("."));
    }

    @Test
    void theIntervalReachesEveryInstance() {
        ConfigResult r = parse("0.0015");
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.config().globals().garpInterval()).isEqualTo(Duration.ofNanos(1_500_000));
        assertThat(r.config().instance("VI_1").orElseThrow().garpInterval()).isEqualTo(Duration.ofNanos(1_500_000));
    }

    @Test
    void withoutItThereIsNoPacing() {
        assertThat(GlobalDefs.defaults().garpInterval()).isZero();
    }

    @Test
    void zeroAndMoreThanASecondAreErrors() {
        assertThat(parse("0").errors()).hasSize(1);
        assertThat(parse("1.5").errors())
                .singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("vrrp_garp_interval"));
        assertThat(parse("1").errors()).isEmpty();
    }
}
