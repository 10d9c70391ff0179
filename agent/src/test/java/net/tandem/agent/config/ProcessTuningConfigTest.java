package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** vrrp_priority, vrrp_rt_priority, vrrp_no_swap, vrrp_cpu_affinity: keepalived's ranges and forms. */
class ProcessTuningConfigTest {

    private static ConfigResult parse(String lines) {
        return ConfigLoader.parse("t.conf", """
                global_defs {
                %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.0.2.8/24
                    }
                }
                """.formatted(lines), Path.of("."));
    }

    @Test
    void allFourAreRead() {
        ConfigResult r = parse("""
                    vrrp_priority -10
                    vrrp_rt_priority 50
                    vrrp_no_swap
                    vrrp_cpu_affinity 1 0 1
                """);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.config().globals().tuning())
                .isEqualTo(new ProcessTuning(OptionalInt.of(-10), OptionalInt.of(50), true, List.of(1, 0)));
    }

    @Test
    void withoutThemNothingIsTuned() {
        ConfigResult r = parse("");
        assertThat(r.config().globals().tuning().isNone()).isTrue();
        assertThat(GlobalDefs.defaults().tuning()).isEqualTo(ProcessTuning.none());
    }

    @Test
    void aNiceValueOutsideMinus20To19IsAnError() {
        assertThat(parse("vrrp_priority 20").errors())
                .singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("vrrp_priority"));
        assertThat(parse("vrrp_priority -21").errors()).hasSize(1);
        assertThat(parse("vrrp_priority 19").errors()).isEmpty();
    }

    @Test
    void aRealTimePriorityOutside1To99IsClampedWithAWarning() {
        // keepalived clamps to sched_get_priority_min/max(SCHED_RR) and says so.
        ConfigResult high = parse("vrrp_rt_priority 150");
        assertThat(high.errors()).isEmpty();
        assertThat(high.diagnostics())
                .singleElement()
                .satisfies(w -> assertThat(w.toString()).contains("vrrp_rt_priority 150", "using 99"));
        assertThat(high.config().globals().tuning().realtimePriority()).hasValue(99);
        assertThat(parse("vrrp_rt_priority 0").config().globals().tuning().realtimePriority())
                .hasValue(1);
        assertThat(parse("vrrp_rt_priority fast").errors()).hasSize(1);
    }

    @Test
    void noSwapTakesNoArgumentAndAffinityNeedsCpuNumbers() {
        // An extra word is reported (as for every keyword that takes none) and the keyword still applies.
        ConfigResult extra = parse("vrrp_no_swap yes");
        assertThat(extra.diagnostics())
                .singleElement()
                .satisfies(w -> assertThat(w.toString()).contains("yes"));
        assertThat(extra.config().globals().tuning().lockMemory()).isTrue();
        assertThat(parse("vrrp_cpu_affinity").errors()).hasSize(1);
        ConfigResult bad = parse("vrrp_cpu_affinity 0 x");
        assertThat(bad.errors()).hasSize(1);
        assertThat(bad.config().globals().tuning().cpus()).isEmpty();
        assertThat(parse("vrrp_cpu_affinity 1024").errors()).hasSize(1);
    }

    @Test
    void theyAreHonouredKeywordsNow() {
        for (String k : List.of("vrrp_priority", "vrrp_rt_priority", "vrrp_no_swap", "vrrp_cpu_affinity")) {
            assertThat(Keywords.find("global_defs", k).orElseThrow().keywordClass())
                    .as(k)
                    .isEqualTo(KeywordClass.HONOURED);
        }
    }
}
