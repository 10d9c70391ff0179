package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import net.tandem.agent.config.TrackProcessConfig.ParamMatch;
import org.junit.jupiter.api.Test;

/** The top-level tracker blocks, track_file and track_process, in both of their spellings. */
class TrackBlocksTest {

    private static final String INSTANCE = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                %s
                virtual_ipaddress {
                    192.0.2.8/24
                }
            }
            """;

    private static ConfigResult parse(String text) {
        return ConfigLoader.parse("t.conf", text, Path.of("."));
    }

    private static KeepalivedConfig clean(String text) {
        ConfigResult r = parse(text);
        assertThat(r.diagnostics()).isEmpty();
        return r.config();
    }

    private static List<String> shown(String text) {
        return parse(text).diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void trackFileAndItsDeprecatedSpellingMeanTheSame() {
        String body = " {\n file /run/prio\n weight -10 reverse\n init_file 5 overwrite\n}\n"
                + INSTANCE.formatted("track_file { prio }");
        TrackFileConfig current = clean("track_file prio" + body).trackFiles().get("prio");
        TrackFileConfig deprecated =
                clean("vrrp_track_file prio" + body).trackFiles().get("prio");

        assertThat(current).isEqualTo(deprecated);
        assertThat(current.file()).isEqualTo("/run/prio");
        assertThat(current.weight()).isEqualTo(-10);
        assertThat(current.weightReverse()).isTrue();
        assertThat(current.initFile()).isEqualTo(OptionalLong.of(5));
    }

    @Test
    void aTrackFileWithoutFileNamesTheSpellingUsed() {
        assertThat(shown("track_file prio {\n weight 2\n}\n"))
                .containsExactly("t.conf:1:1: error: track_file prio: no file; add \"file PATH\"");
    }

    @Test
    void aTrackFileNameIsDeclaredOnceWhicheverTheSpelling() {
        assertThat(shown("track_file prio {\n file /a\n}\nvrrp_track_file prio {\n file /b\n}\n"))
                .containsExactly("t.conf:4:1: error: track_file prio: declared twice (first at t.conf:1:1)");
    }

    @Test
    void trackProcessGetsKeepalivedDefaults() {
        TrackProcessConfig p = clean(
                        "track_process web {\n process nginx\n}\n" + INSTANCE.formatted("track_process { web }"))
                .trackProcesses()
                .get("web");

        assertThat(p.process()).isEqualTo("nginx");
        assertThat(p.params()).isEmpty();
        assertThat(p.paramMatch()).isEqualTo(ParamMatch.NONE);
        assertThat(p.fullCommand()).isFalse();
        assertThat(p.quorum()).isEqualTo(1);
        assertThat(p.quorumMax()).isEqualTo(TrackProcessConfig.UNLIMITED);
        assertThat(p.forkDelay()).isEqualTo(Duration.ZERO);
        assertThat(p.terminateDelay()).isEqualTo(Duration.ZERO);
        assertThat(p.weight()).isZero();
        assertThat(p.weightReverse()).isFalse();
    }

    @Test
    void everyTrackProcessKeywordIsRead() {
        KeepalivedConfig c = clean("""
                vrrp_track_process haproxy {
                    process /usr/sbin/haproxy -f "/etc/haproxy/haproxy.cfg"
                    param_match partial
                    quorum 2
                    quorum_max 4
                    delay 1.5
                    fork_delay 0.25
                    weight -20 reverse
                }
                """ + INSTANCE.formatted("track_process {\n haproxy weight 7 reverse\n }"));
        TrackProcessConfig p = c.trackProcesses().get("haproxy");

        assertThat(p.process()).isEqualTo("/usr/sbin/haproxy");
        assertThat(p.params()).containsExactly("-f", "/etc/haproxy/haproxy.cfg");
        assertThat(p.paramMatch()).isEqualTo(ParamMatch.PARTIAL);
        assertThat(p.fullCommand()).isTrue();
        assertThat(p.quorum()).isEqualTo(2);
        assertThat(p.quorumMax()).isEqualTo(4);
        assertThat(p.terminateDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(p.forkDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(p.weight()).isEqualTo(-20);
        assertThat(p.weightReverse()).isTrue();
        TrackRef ref = c.instances().getFirst().trackProcesses().getFirst();
        assertThat(ref.name()).isEqualTo("haproxy");
        assertThat(ref.weight()).isEqualTo(OptionalInt.of(7));
        assertThat(ref.reverse()).isTrue();
    }

    @Test
    void parametersMeanAnExactMatchOfTheCommandLine() {
        TrackProcessConfig p = clean("track_process t {\n process sleep 1000\n}\n")
                .trackProcesses()
                .get("t");

        assertThat(p.paramMatch()).isEqualTo(ParamMatch.EXACT);
        assertThat(p.fullCommand()).isTrue();
    }

    @Test
    void paramMatchAloneMeansNoParameters() {
        TrackProcessConfig p = clean("track_process t {\n process sleep\n param_match\n}\n")
                .trackProcesses()
                .get("t");

        assertThat(p.paramMatch()).isEqualTo(ParamMatch.EXACT);
        assertThat(p.params()).isEmpty();
        assertThat(p.fullCommand()).isTrue();
    }

    @Test
    void quorumMaxZeroMeansUpWhileNoneRuns() {
        TrackProcessConfig p = clean("track_process t {\n process rogue\n quorum_max 0\n}\n")
                .trackProcesses()
                .get("t");

        assertThat(p.quorum()).isZero();
        assertThat(p.hasQuorum(0)).isTrue();
        assertThat(p.hasQuorum(1)).isFalse();
    }

    @Test
    void aTrackProcessWithoutProcessIsRefused() {
        assertThat(shown("track_process t {\n quorum 2\n}\n"))
                .containsExactly("t.conf:1:1: error: track_process t: no process; add \"process NAME\""
                        + " (or a path with full_command)");
    }

    @Test
    void aQuorumAboveQuorumMaxIsRefused() {
        assertThat(shown("track_process t {\n process x\n quorum 3\n quorum_max 2\n}\n"))
                .containsExactly("t.conf:4:2: error: track_process t: quorum 3 is greater than quorum_max 2;"
                        + " the tracker could never be up");
    }

    @Test
    void wrongValuesAreRefusedWhereTheyAreWritten() {
        assertThat(shown("""
                        vrrp_track_process t {
                            process x
                            process y
                            param_match sometimes
                            quorum 0
                            delay 3601
                            weight 255
                        }
                        """))
                .containsExactly(
                        "t.conf:3:5: error: vrrp_track_process t: process: already set; one process per block",
                        "t.conf:4:17: error: param_match: expected \"initial\" or \"partial\" (or nothing, for an"
                                + " exact match), got \"sometimes\"",
                        "t.conf:5:12: error: quorum: expected an integer 1..65535, got \"0\"",
                        "t.conf:6:11: error: delay: expected seconds 0.000001..3600, got \"3601\"",
                        "t.conf:7:12: error: weight: expected an integer -254..254, got \"255\"");
    }

    @Test
    void aProcessNameTheKernelWouldCutIsAWarning() {
        assertThat(shown("track_process t {\n process a-very-long-daemon\n}\n"))
                .containsExactly("t.conf:2:10: warning: track_process t: process: \"a-very-long-daemon\" is longer"
                        + " than the 15 characters the kernel keeps of a process name, so it can never match;"
                        + " add full_command to match the command line");
    }

    @Test
    void anInstanceMustTrackADeclaredProcess() {
        assertThat(shown(INSTANCE.formatted("track_process {\n nginx weight 10\n }")))
                .containsExactly(
                        "t.conf:5:2: error: vrrp_instance VI_1: track_process: no track_process named" + " \"nginx\"");
    }
}
