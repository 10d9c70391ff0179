package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A sync group's track_* lines become every member's, as keepalived 2.2.7's sync_group_tracking_init. */
class SyncGroupTracksTest {

    private static String config(int priority1, String member1Extra, String groupExtra) {
        return """
                vrrp_script chk {
                    script /bin/true
                    weight -20
                }
                track_file maint {
                    file /run/maint
                }
                track_process web {
                    process nginx
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    %s
                    virtual_ipaddress {
                        192.0.2.8/24
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        192.0.2.9/24
                    }
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                        VI_2
                    }
                    %s
                }
                """.formatted(priority1, member1Extra, groupExtra);
    }

    private static ConfigResult parse(String text) {
        return ConfigLoader.parse("t.conf", text, Path.of("."));
    }

    private static VrrpInstanceConfig instance(ConfigResult r, String name) {
        return r.config().instance(name).orElseThrow();
    }

    private static final String ALL_FOUR = """
            track_interface {
                eth1 weight -10
            }
            track_script {
                chk
            }
            track_file {
                maint weight 5 reverse
            }
            track_process {
                web
            }
            """;

    @Test
    void everyMemberTracksTheGroupsTrackersWithTheGroupsWeights() {
        ConfigResult r = parse(config(100, "", ALL_FOUR));
        assertThat(r.diagnostics()).isEmpty();
        for (String name : List.of("VI_1", "VI_2")) {
            VrrpInstanceConfig c = instance(r, name);
            assertThat(c.trackInterfaces()).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo("eth1");
                assertThat(t.weight()).isEqualTo(OptionalInt.of(-10));
                assertThat(t.fromSyncGroup()).isTrue();
            });
            assertThat(c.trackScripts()).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo("chk");
                assertThat(t.weight()).isEmpty(); // the script's own weight applies
                assertThat(t.fromSyncGroup()).isTrue();
            });
            assertThat(c.trackFiles()).singleElement().satisfies(t -> {
                assertThat(t.weight()).isEqualTo(OptionalInt.of(5));
                assertThat(t.reverse()).isTrue();
            });
            assertThat(c.trackProcesses()).extracting(TrackRef::name).containsExactly("web");
        }
        SyncGroupConfig g = r.config().syncGroups().getFirst();
        assertThat(g.trackInterfaces()).extracting(TrackRef::name).containsExactly("eth1");
        assertThat(g.trackScripts()).extracting(TrackRef::name).containsExactly("chk");
    }

    @Test
    void anAddressOwnerMemberClearsTheGroupsWeights() {
        ConfigResult r = parse(config(255, "", ALL_FOUR));
        assertThat(instance(r, "VI_2").trackInterfaces().getFirst().weight()).isEqualTo(OptionalInt.of(0));
        assertThat(instance(r, "VI_2").trackScripts().getFirst().weight()).isEqualTo(OptionalInt.of(0));
        assertThat(r.diagnostics())
                .extracting(Diagnostic::toString)
                .anyMatch(s -> s.contains("eth1: weight cleared for VI_2"));
    }

    @Test
    void aTrackerInBothAMemberAndItsGroupIsTrackedOnceAsTheMemberWroteIt() {
        ConfigResult r = parse(config(100, "track_script {\n chk\n}", "track_script {\n chk weight 7\n}"));
        assertThat(instance(r, "VI_1").trackScripts()).singleElement().satisfies(t -> {
            assertThat(t.fromSyncGroup()).isFalse();
            assertThat(t.weight()).isEmpty();
        });
        assertThat(instance(r, "VI_2").trackScripts())
                .singleElement()
                .satisfies(t -> assertThat(t.weight()).isEqualTo(OptionalInt.of(7)));
        assertThat(r.diagnostics())
                .extracting(Diagnostic::toString)
                .anyMatch(s -> s.contains("chk is also in vrrp_instance VI_1"));
    }

    @Test
    void aGroupTrackingAnUnknownScriptIsAnError() {
        ConfigResult r = parse(config(100, "", "track_script {\n nope\n}"));
        assertThat(r.errors())
                .extracting(Diagnostic::toString)
                .anyMatch(s -> s.contains("no vrrp_script named \"nope\""));
    }
}
