package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

/** What is not written gets keepalived's value, and instance settings override global ones. */
class DefaultsTest {

    private static KeepalivedConfig parse(String text) {
        ConfigResult result = ConfigLoader.parse("t.conf", text, Path.of("."));
        assertThat(NotifyOnly.besidesNotifyOnlyWarnings(result.diagnostics())).isEmpty();
        return result.config();
    }

    private static final String MINIMAL = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n";

    @Test
    void minimalInstanceGetsKeepalivedDefaults() {
        VrrpInstanceConfig i = parse(MINIMAL).instances().getFirst();

        assertThat(i.initialState()).isEqualTo(InitialState.BACKUP);
        assertThat(i.priority()).isEqualTo(100);
        assertThat(i.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(i.version()).isEqualTo(VrrpVersion.V2);
        assertThat(i.authentication()).isEmpty();
        assertThat(i.preempt()).isTrue();
        assertThat(i.preemptDelay()).isEqualTo(Duration.ZERO);
        assertThat(i.garpMasterDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(i.garpMasterRepeat()).isEqualTo(5);
        assertThat(i.garpMasterRefresh()).isEqualTo(Duration.ZERO);
        assertThat(i.garpMasterRefreshRepeat()).isEqualTo(1);
        assertThat(i.mcastSourceAddress()).isEmpty();
        assertThat(i.unicastPeers()).isEmpty();
        assertThat(i.notifyScripts()).isEqualTo(NotifyScripts.none());
        assertThat(i.declaredAt()).isEqualTo(new SourcePos("t.conf", 1, 1));
    }

    @Test
    void minimalConfigHasDefaultGlobals() {
        GlobalDefs g = parse(MINIMAL).globals();

        assertThat(g).isEqualTo(GlobalDefs.defaults());
        assertThat(g.routerId()).isEmpty();
        assertThat(g.vrrpVersion()).isEqualTo(VrrpVersion.V2);
    }

    @Test
    void globalVrrpVersionAppliesToInstancesThatDoNotSayAndInstanceVersionWins() {
        KeepalivedConfig c = parse("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    version 2
                }
                global_defs {
                    vrrp_version 3
                }
                """);

        assertThat(c.instances())
                .extracting(VrrpInstanceConfig::version)
                .containsExactly(VrrpVersion.V3, VrrpVersion.V2);
    }

    @Test
    void instanceGarpSettingsOverrideGlobalOnes() {
        KeepalivedConfig c = parse("""
                global_defs {
                    router_id node1
                    vrrp_garp_master_delay 10
                    vrrp_garp_master_repeat 3
                    vrrp_garp_master_refresh 60
                    vrrp_garp_master_refresh_repeat 2
                    script_user tandem tandem
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    garp_master_delay 1
                }
                """);

        VrrpInstanceConfig i = c.instances().getFirst();
        assertThat(i.garpMasterDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(i.garpMasterRepeat()).isEqualTo(3);
        assertThat(i.garpMasterRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(i.garpMasterRefreshRepeat()).isEqualTo(2);
        assertThat(c.globals().routerId()).contains("node1");
        assertThat(c.globals().scriptUser()).hasValueSatisfying(u -> {
            assertThat(u.user()).isEqualTo("tandem");
            assertThat(u.group()).contains("tandem");
        });
    }

    @Test
    void vrrpScriptDefaultsFollowKeepalived() {
        VrrpScriptConfig s = parse("vrrp_script chk {\n script \"/usr/bin/check arg\"\n}\n")
                .scripts()
                .get("chk");

        assertThat(s.command()).isEqualTo("/usr/bin/check arg");
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.timeout()).isEmpty();
        assertThat(s.effectiveTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.weight()).isZero();
        assertThat(s.rise()).isEqualTo(1);
        assertThat(s.fall()).isEqualTo(1);
        assertThat(s.user()).isEmpty();
        assertThat(s.initFail()).isFalse();
    }

    @Test
    void everythingAnInstanceCanSayIsRead() {
        KeepalivedConfig c = parse("""
                vrrp_script chk_web {
                    script /usr/local/bin/check-web
                    interval 2
                    timeout 1.5
                    weight -20
                    rise 2
                    fall 3
                    user nobody
                    init_fail
                }
                vrrp_track_file maintenance {
                    file /run/tandem/maintenance
                    weight -10
                    init_file 0 overwrite
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    nopreempt
                    preempt_delay 30
                    unicast_src_ip 192.0.2.1
                    unicast_peer {
                        192.0.2.2
                        192.0.2.3
                    }
                    track_interface {
                        eth1 weight -5
                        eth2
                    }
                    track_script {
                        chk_web weight -30
                    }
                    track_file {
                        maintenance
                    }
                    notify_master "/etc/tandem/notify.sh master"
                    notify_backup /etc/tandem/notify.sh backup
                    notify /etc/tandem/notify-any.sh
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                    }
                    notify_fault /etc/tandem/group-fault.sh
                }
                """);

        VrrpInstanceConfig i = c.instances().getFirst();
        assertThat(i.initialState()).isEqualTo(InitialState.MASTER);
        assertThat(i.preempt()).isFalse();
        assertThat(i.preemptDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(i.unicastSourceAddress()).map(Object::toString).contains("/192.0.2.1");
        assertThat(i.unicastPeers()).hasSize(2);
        assertThat(i.trackInterfaces())
                .extracting(TrackRef::name, TrackRef::weight)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("eth1", OptionalInt.of(-5)),
                        org.assertj.core.groups.Tuple.tuple("eth2", OptionalInt.empty()));
        assertThat(i.trackScripts())
                .singleElement()
                .satisfies(t -> assertThat(t.weight()).hasValue(-30));
        assertThat(i.trackFiles()).extracting(TrackRef::name).containsExactly("maintenance");
        assertThat(i.notifyScripts().master()).contains(NotifyCommand.of("/etc/tandem/notify.sh master"));
        // unquoted, keepalived reads the second word as the user to run the script as, not an argument
        assertThat(i.notifyScripts().backup())
                .contains(new NotifyCommand(
                        "/etc/tandem/notify.sh", Optional.of(new ScriptUser("backup", Optional.empty()))));
        assertThat(i.notifyScripts().any()).contains(NotifyCommand.of("/etc/tandem/notify-any.sh"));

        VrrpScriptConfig s = c.scripts().get("chk_web");
        assertThat(s.timeout()).contains(Duration.ofMillis(1500));
        assertThat(s.weight()).isEqualTo(-20);
        assertThat(s.rise()).isEqualTo(2);
        assertThat(s.fall()).isEqualTo(3);
        assertThat(s.user()).hasValueSatisfying(u -> assertThat(u.user()).isEqualTo("nobody"));
        assertThat(s.initFail()).isTrue();

        TrackFileConfig f = c.trackFiles().get("maintenance");
        assertThat(f.file()).isEqualTo("/run/tandem/maintenance");
        assertThat(f.weight()).isEqualTo(-10);
        assertThat(f.initFile()).hasValue(0);

        assertThat(c.syncGroups()).singleElement().satisfies(g -> {
            assertThat(g.instances()).containsExactly("VI_1");
            assertThat(g.notifyScripts().fault()).contains(NotifyCommand.of("/etc/tandem/group-fault.sh"));
        });
    }
}
