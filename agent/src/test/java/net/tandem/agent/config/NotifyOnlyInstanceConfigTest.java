package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** An instance without virtual_ipaddress is a notify-only instance: allowed with keepalived's warning. */
class NotifyOnlyInstanceConfigTest {

    private static ConfigResult parse(String text) {
        return ConfigLoader.parse("t.conf", text, Path.of("."));
    }

    @Test
    void anInstanceWithoutAddressesIsUsableWithAWarning() {
        ConfigResult result = parse("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n");

        assertThat(result.hasErrors()).isFalse();
        assertThat(result.warnings())
                .extracting(Diagnostic::toString)
                .containsExactly("t.conf:1:1: warning: vrrp_instance VI_1: no virtual_ipaddress: runs as a"
                        + " notify-only instance (adverts carry no address), as keepalived does; add"
                        + " \"no_virtual_ipaddress\" if that is meant");
        assertThat(result.config().instances().getFirst().virtualAddresses()).isEmpty();
    }

    @Test
    void noVirtualIpaddressSaysItIsMeant() {
        ConfigResult result =
                parse("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n no_virtual_ipaddress\n}\n");

        assertThat(result.diagnostics()).isEmpty();
    }
}
