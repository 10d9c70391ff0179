package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tandem_control block, its defaults, the --control override, and the refusal of an open public listener. */
class ControlConfigTest {

    private static final String INSTANCE = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n";

    private static KeepalivedConfig parse(String text) {
        ConfigResult result = ConfigLoader.parse("t.conf", text, Path.of("."));
        assertThat(NotifyOnly.besidesNotifyOnlyWarnings(result.diagnostics())).isEmpty();
        return result.config();
    }

    @Test
    void withoutTheBlockTheApiListensOnLoopbackWithNothingElse() {
        KeepalivedConfig c = parse(INSTANCE);

        assertThat(c.control()).isEmpty();
        assertThat(c.controlOrDefaults()).isEqualTo(ControlConfig.defaults());
        assertThat(ControlConfig.show(c.controlOrDefaults().listen())).isEqualTo("127.0.0.1:7112");
        assertThat(c.controlOrDefaults().problems()).isEmpty();
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

        assertThat(ControlConfig.show(c.listen())).isEqualTo("192.0.2.1:7112");
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
        ControlConfig c = parse(INSTANCE + "tandem_control {\n listen [::1]:7113\n}\n")
                .control()
                .orElseThrow();

        assertThat(c.listen().getAddress().isLoopbackAddress()).isTrue();
        assertThat(ControlConfig.show(c.listen())).isEqualTo("[::1]:7113");
        assertThat(ControlConfig.show(new java.net.InetSocketAddress("2001:db8:0:0:1:0:0:8", 7112)))
                .isEqualTo("[2001:db8::1:0:0:8]:7112");
    }

    @Test
    void commandLineOverridesListenAndKeepsTheRest() {
        ControlConfig c = parse(INSTANCE + "tandem_control {\n metrics_listen 127.0.0.1:9650\n}\n")
                .controlOrDefaults()
                .withListen("127.0.0.1:7200");

        assertThat(ControlConfig.show(c.listen())).isEqualTo("127.0.0.1:7200");
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
                .hasMessage("tandem_control: listen 192.0.2.1:7112 is not a loopback address, so the control API"
                        + " needs TLS (tls_cert, tls_key) and an admin token (admin_token_file); add them, or listen"
                        + " on 127.0.0.1:7112");
    }

    @Test
    void theWildcardAddressIsPublicToo() {
        assertThat(ControlConfig.defaults().withListen("0.0.0.0:7112").problems())
                .hasSize(1);
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

        assertThat(tlsOnly.problems()).singleElement().asString().startsWith("listen 192.0.2.1:7112 is not");
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
}
