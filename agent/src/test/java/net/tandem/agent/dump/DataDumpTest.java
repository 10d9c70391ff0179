package net.tandem.agent.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.tandem.agent.control.FakeControlTarget;
import org.junit.jupiter.api.Test;

class DataDumpTest {
    static final Instant NOW = Instant.parse("2026-05-01T10:01:02Z");

    private final String dump = DataDump.format(new FakeControlTarget().status(), NOW);

    @Test
    void aMasterInstanceReadsAsKeepalivedsDataDump() {
        assertThat(dump).contains("""
                         VRRP Instance = VI_1
                           State = MASTER for 61.500 s (master down timer expired)
                           Interface = eth0
                           Virtual Router ID = 51
                           VRRP Version = 2
                           Priority = 100
                           Effective priority = 150
                           Operator override = 150 (takeover by operator)
                           Master router = 192.0.2.1
                           Master priority = 150
                           Advert interval = 1.000 s
                           Master advert interval = 1.000 s
                           Skew time = 0.414 s
                           Master down interval = 3.414 s
                           Master down timer = not running
                           Last advert received = 2.500 s ago
                           Last advert sent = 0.200 s ago
                           Advert jitter = 0.000 s
                           Tracked (1):
                             script chk_nginx: ok, weight 20, priority +20
                           Virtual IP (1):
                             192.0.2.8/32 dev eth0 (in the kernel)
                        """);
    }

    @Test
    void aBackupShowsItsRunningTimerAndAVipMissingFromTheKernel() {
        assertThat(dump)
                .contains(" VRRP Instance = VI_2\n")
                .contains("   Master down timer = 2.100 s left\n")
                .contains("   Last advert sent = never\n")
                .contains("     192.0.2.9/32 dev eth0 (not in the kernel)\n")
                .doesNotContain("Operator override = \n");
    }

    @Test
    void theNodeComesFirst() {
        assertThat(dump).startsWith("""
                        ------< Tandem agent >------
                         Dump time = 2026-05-01T10:01:02Z
                         Router ID = node1
                         Version = 0.1.0
                         Started = 2026-05-01T10:00:00Z
                         Configuration = /etc/tandem/node1.conf, loaded 2026-05-01T10:00:01Z
                         Maintenance = off
                        ------< VRRP Topology >------
                        """);
    }
}
