package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.config.KeepalivedConfig;
import org.junit.jupiter.api.Test;

/** What a reload does to each instance, from the old and new files alone. */
class ReloadPlanTest {
    static final String VI_1 = """
            vrrp_script chk {
                script "/bin/true"
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority %d
                virtual_ipaddress {
                    %s
                }
                track_script {
                    chk
                }
            }
            """;

    static KeepalivedConfig config(String text) {
        ConfigResult r = ConfigLoader.parse("t.conf", text, Path.of("."));
        assertThat(r.errors()).isEmpty();
        return r.config();
    }

    static KeepalivedConfig vi1(int priority, String vip) {
        return config(VI_1.formatted(priority, vip));
    }

    @Test
    void theSameFileChangesNothingEvenWhenLinesMoved() {
        ReloadPlan p = ReloadPlan.of(
                vi1(100, "192.0.2.8/24"), config("\n\n! a comment\n" + VI_1.formatted(100, "192.0.2.8/24")));
        assertThat(p.unchanged()).containsExactly("VI_1");
        assertThat(p.inPlace()).isEmpty();
        assertThat(p.restarted()).isEmpty();
        assertThat(p.summary()).isEqualTo("1 unchanged");
    }

    @Test
    void aPriorityChangeIsMadeInPlace() {
        ReloadPlan p = ReloadPlan.of(vi1(100, "192.0.2.8/24"), vi1(150, "192.0.2.8/24"));
        assertThat(p.inPlace()).containsEntry("VI_1", "priority 100 -> 150");
        assertThat(p.restarted()).isEmpty();
    }

    @Test
    void newAddressesAreAReconfigurationNotARestart() {
        ReloadPlan p = ReloadPlan.of(vi1(100, "192.0.2.8/24"), vi1(100, "192.0.2.9/24"));
        assertThat(p.restarted()).isEmpty();
        assertThat(p.inPlace()).containsEntry("VI_1", "virtual_ipaddress changed");
        assertThat(p.reconfigured()).containsExactly("VI_1");
    }

    @Test
    void aNewPriorityAloneIsInPlaceWithoutReconfiguring() {
        ReloadPlan p = ReloadPlan.of(vi1(100, "192.0.2.8/24"), vi1(150, "192.0.2.8/24"));
        assertThat(p.inPlace()).containsEntry("VI_1", "priority 100 -> 150");
        assertThat(p.reconfigured()).isEmpty();
    }

    @Test
    void aNewIntervalRestartsTheInstanceAndSaysWhy() {
        ReloadPlan p = ReloadPlan.of(
                vi1(100, "192.0.2.8/24"),
                config(VI_1.formatted(100, "192.0.2.8/24")
                        .replace("interface eth0", "interface eth0\n    advert_int 2")));
        assertThat(p.restarted()).containsEntry("VI_1", "advert_int changed");
    }

    @Test
    void becomingTheAddressOwnerIsARestart() {
        ReloadPlan p = ReloadPlan.of(vi1(100, "192.0.2.8/24"), vi1(255, "192.0.2.8/24"));
        assertThat(p.restarted()).containsKey("VI_1");
    }

    @Test
    void addedAndRemovedInstances() {
        KeepalivedConfig two = config(VI_1.formatted(100, "192.0.2.8/24") + """
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        192.0.2.9/24
                    }
                }
                """);
        assertThat(ReloadPlan.of(vi1(100, "192.0.2.8/24"), two).added()).containsExactly("VI_2");
        assertThat(ReloadPlan.of(two, vi1(100, "192.0.2.8/24")).removed()).containsExactly("VI_2");
    }
}
