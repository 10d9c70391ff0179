package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tandem_control block, its defaults (the Unix socket, no TCP), the --control override, and the refusal of a TCP
 * listener without a token, of a public one without TLS, and of a public metrics address not meant as such.
 */
class ControlConfigTest {

    private static final String INSTANCE = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n";

    private static KeepalivedConfig parse(String text) {
        ConfigResult result = ConfigLoader.parse("t.conf", text, Path.of("."));
        assertThat(NotifyOnly.besidesNotifyOnlyWarnings(result.diagnostics())).isEmpty();
        return result.config();
    }

    @Test
    void withoutTheBlockTheApiIsTheUnixSocketOnlyWithNoTcpPort() {
        KeepalivedConfig c = parse(INSTANCE);

        assertThat(c.control()).isEmpty();
        assertThat(c.controlOrDefaults()).isEqualTo(ControlConfig.defaults());
        assertThat(c.controlOrDefaults().listen()).isEmpty();
        assertThat(c.controlOrDefaults().socket()).contains(Path.of("/run/tandem/control.sock"));
        assertThat(c.controlOrDefaults().readGroup()).isEmpty();
        assertThat(c.controlOrDefaults().problems()).isEmpty();
    }

    @Test
    void theSocketMovesWithTheRunDirectoryUnlessTheFileNamesOne() {
        assertThat(ControlConfig.defaults().withRunDir(Path.of("/run/t1")).socket())
                .contains(Path.of("/run/t1/control.sock"));
        ControlConfig named = parse(INSTANCE + "tandem_control {\n socket /run/x/api.sock\n}\n")
                .control()
                .orElseThrow();
        assertThat(named.withRunDir(Path.of("/run/t1")).socket()).contains(Path.of("/run/x/api.sock"));
    }

    @Test
    void aBlockWithListenHasNoSocketUnlessItNamesOne() {
        String tcp = "listen 127.0.0.1:7112\n admin_token_file /etc/tandem/admin.token\n";
        ControlConfig tcpOnly =
                parse(INSTANCE + "tandem_control {\n" + tcp + "}\n").control().orElseThrow();
        ControlConfig both = parse(INSTANCE + "tandem_control {\n" + tcp
                        + " socket /run/tandem/control.sock\n read_group tandem\n}\n")
                .control()
                .orElseThrow();
        ControlConfig groupOnly = parse(INSTANCE + "tandem_control {\n read_group adm\n}\n")
                .control()
                .orElseThrow();

        assertThat(tcpOnly.socket()).isEmpty();
        assertThat(both.socket()).contains(Path.of("/run/tandem/control.sock"));
        assertThat(both.readGroup()).contains("tandem");
        assertThat(groupOnly.socket()).contains(Path.of("/run/tandem/control.sock"));
        assertThat(groupOnly.readGroup()).contains("adm");
        assertThat(groupOnly.listen()).isEmpty();
    }

    @Test
    void aLoopbackListenWithoutAnAdminTokenIsRefused() {
        ControlConfig open = ControlConfig.defaults().withListen("127.0.0.1:7112");

        assertThatThrownBy(open::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tandem_control: listen 127.0.0.1:7112 needs admin_token_file: any local user (and"
                        + " anything that forwards to the port) can reach a TCP port, loopback included; add a token,"
                        + " or remove listen and use the Unix socket (/run/tandem/control.sock, root only)");
    }

    @Test
    void aPublicMetricsAddressNeedsMetricsPublic() {
        String block = "tandem_control {\n metrics_listen 192.0.2.1:9650\n";
        ConfigResult refused = ConfigLoader.parse("t.conf", INSTANCE + block + "}\n", Path.of("."));
        ControlConfig meant =
                parse(INSTANCE + block + " metrics_public\n}\n").control().orElseThrow();

        assertThat(refused.diagnostics())
                .anySatisfy(d -> assertThat(d.toString())
                        .contains("error: tandem_control: metrics_listen 192.0.2.1:9650 is not a loopback address")
                        .contains("add metrics_public")
                        .contains("metrics_tls and metrics_token_file, recommended"));
        assertThat(meant.metricsPublic()).isTrue();
        assertThat(meant.problems()).isEmpty();
        assertThat(ControlConfig.defaults()
                        .withListen("127.0.0.1:7112")
                        .withSocket(Optional.empty())
                        .problems())
                .noneMatch(p -> p.startsWith("metrics"));
    }

    @Test
    void everyKeywordIsRead() {
        ControlConfig c = parse(INSTANCE + """
                tandem_control {
                    listen 192.0.2.1:7112
                    tls_cert /etc/tandem/node1.crt
                    tls_key /etc/tandem/node1.key
                    tls_client_ca /etc/tandem/ca.crt
                    admin_token_file /etc/tandem/admin.token
                    read_token_file /etc/tandem/read.token
                    metrics_listen 127.0.0.1:9650
                    audit_log /var/log/tandem/audit.log
                }
                """).control().orElseThrow();

        assertThat(c.listen().map(ControlConfig::show)).contains("192.0.2.1:7112");
        assertThat(c.socket()).isEmpty();
        assertThat(c.tlsCert()).contains(Path.of("/etc/tandem/node1.crt"));
        assertThat(c.tlsKey()).contains(Path.of("/etc/tandem/node1.key"));
        assertThat(c.tlsClientCa()).contains(Path.of("/etc/tandem/ca.crt"));
        assertThat(c.adminTokenFile()).contains(Path.of("/etc/tandem/admin.token"));
        assertThat(c.readTokenFile()).contains(Path.of("/etc/tandem/read.token"));
        assertThat(c.metricsListen().map(ControlConfig::show)).contains("127.0.0.1:9650");
        assertThat(c.auditLog()).contains(Path.of("/var/log/tandem/audit.log"));
        assertThat(c.tls()).isTrue();
        assertThat(c.tokens()).isTrue();
    }

    @Test
    void anIpv6ListenAddressIsWrittenCompressedInBrackets() {
        ControlConfig c = parse(INSTANCE + "tandem_control {\n listen [::1]:7113\n admin_token_file /t\n}\n")
                .control()
                .orElseThrow();

        assertThat(c.listen().orElseThrow().getAddress().isLoopbackAddress()).isTrue();
        assertThat(ControlConfig.show(c.listen().orElseThrow())).isEqualTo("[::1]:7113");
        assertThat(ControlConfig.show(new java.net.InetSocketAddress("2001:db8:0:0:1:0:0:8", 7112)))
                .isEqualTo("[2001:db8::1:0:0:8]:7112");
    }

    @Test
    void commandLineOverridesListenAndKeepsTheRest() {
        ControlConfig c = parse(INSTANCE + "tandem_control {\n metrics_listen 127.0.0.1:9650\n}\n")
                .controlOrDefaults()
                .withListen("127.0.0.1:7200");

        assertThat(c.listen().map(ControlConfig::show)).contains("127.0.0.1:7200");
        assertThat(c.socket()).contains(Path.of("/run/tandem/control.sock"));
        assertThat(c.metricsListen()).isPresent();
    }

    @Test
    void commandLineOverrideThatIsNotAnAddressSaysWhatIsExpected() {
        assertThatThrownBy(() -> ControlConfig.defaults().withListen("node1:7112"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--control: expected ADDR:PORT with an IP address (127.0.0.1:7112, [::1]:7112), got"
                        + " \"node1:7112\"");
    }

    @Test
    void aPublicListenAddressWithoutTlsAndAdminTokenIsRefused() {
        ControlConfig open = ControlConfig.defaults().withListen(new InetSocketAddress("192.0.2.1", 7112));

        assertThatThrownBy(open::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tandem_control: listen 192.0.2.1:7112 needs admin_token_file")
                .hasMessageContaining("; listen 192.0.2.1:7112 is not a loopback address, so the control API"
                        + " needs TLS (tls_cert, tls_key) and an admin token (admin_token_file); add them, or listen"
                        + " on 127.0.0.1:7112");
    }

    @Test
    void theWildcardAddressIsPublicToo() {
        assertThat(ControlConfig.defaults().withListen("0.0.0.0:7112").problems())
                .hasSize(2);
    }

    @Test
    void aPublicListenAddressWithTlsButNoTokenIsRefused() {
        ControlConfig tlsOnly = new ControlConfig(
                new InetSocketAddress("192.0.2.1", 7112),
                Optional.of(Path.of("c.crt")),
                Optional.of(Path.of("c.key")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        assertThat(tlsOnly.problems()).singleElement().asString().startsWith("listen 192.0.2.1:7112 needs admin_token");
    }

    @Test
    void aPublicListenAddressWithTlsAndAdminTokenIsAccepted() {
        ControlConfig safe = new ControlConfig(
                new InetSocketAddress("192.0.2.1", 7112),
                Optional.of(Path.of("c.crt")),
                Optional.of(Path.of("c.key")),
                Optional.empty(),
                Optional.of(Path.of("admin.token")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        safe.validate();
        assertThat(safe.problems()).isEmpty();
    }

    @Test
    void metricsTlsAndMetricsTokenFileAreRead() {
        ControlConfig c = parse(INSTANCE
                        + "tandem_control {\n metrics_listen 192.0.2.1:9650\n metrics_public\n metrics_tls\n"
                        + " metrics_token_file /etc/tandem/metrics.token\n tls_cert /etc/tandem/n1.crt\n"
                        + " tls_key /etc/tandem/n1.key\n}\n")
                .control()
                .orElseThrow();

        assertThat(c.metricsTls()).isTrue();
        assertThat(c.metricsTokenFile()).contains(Path.of("/etc/tandem/metrics.token"));
        assertThat(c.problems()).isEmpty();
        ControlConfig plain = parse(INSTANCE + "tandem_control {\n metrics_listen 127.0.0.1:9650\n}\n")
                .control()
                .orElseThrow();
        assertThat(plain.metricsTls()).isFalse();
        assertThat(plain.metricsTokenFile()).isEmpty();
    }

    @Test
    void metricsTlsWithoutTheBlocksCertificateIsRefused() {
        ConfigResult r = ConfigLoader.parse(
                "t.conf",
                INSTANCE + "tandem_control {\n metrics_listen 127.0.0.1:9650\n metrics_tls\n}\n",
                Path.of("."));

        assertThat(r.diagnostics())
                .anySatisfy(d -> assertThat(d.toString())
                        .contains("error: tandem_control: metrics_tls needs tls_cert and tls_key"));
    }

    @Test
    void metricsTlsOrTokenWithoutMetricsListenIsRefused() {
        ConfigResult r = ConfigLoader.parse(
                "t.conf", INSTANCE + "tandem_control {\n metrics_token_file /etc/tandem/m.token\n}\n", Path.of("."));
        ConfigResult arg = ConfigLoader.parse(
                "t.conf",
                INSTANCE + "tandem_control {\n metrics_listen 127.0.0.1:9650\n metrics_tls yes\n}\n",
                Path.of("."));

        assertThat(r.diagnostics())
                .anySatisfy(d -> assertThat(d.toString())
                        .contains("error: tandem_control: metrics_token_file needs metrics_listen"));
        assertThat(arg.diagnostics()).anySatisfy(d -> assertThat(d.toString()).contains("metrics_tls"));
    }
}
