package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every form keepalived accepts on a virtual_ipaddress line. */
class VirtualAddressFormsTest {

    private static List<VirtualAddress> vips(String lines) {
        ConfigResult result = ConfigLoader.parse(
                "t.conf",
                "vrrp_instance VI_1 {\n interface eth0\n" + " virtual_router_id 51\n virtual_ipaddress {\n" + lines
                        + "\n }\n}\n",
                Path.of("."));
        assertThat(result.diagnostics()).isEmpty();
        return result.config().instances().getFirst().virtualAddresses();
    }

    private static InetAddress ip(String s) {
        return IpAddresses.parse(s).orElseThrow();
    }

    @Test
    void bareAddressIsASlash32OnTheInstanceInterface() {
        VirtualAddress a = vips("192.0.2.8").getFirst();

        assertThat(a.address()).isEqualTo(ip("192.0.2.8"));
        assertThat(a.prefixLength()).isEqualTo(32);
        assertThat(a.device()).isEmpty();
        assertThat(a.broadcast()).isEmpty();
        assertThat(a.label()).isEmpty();
        assertThat(a.scope()).isEqualTo(VirtualAddress.SCOPE_GLOBAL);
    }

    @Test
    void prefixLength() {
        assertThat(vips("192.0.2.8/24").getFirst().prefixLength()).isEqualTo(24);
    }

    @Test
    void deviceBroadcastLabelAndScopeInAnyOrder() {
        VirtualAddress a = vips("192.0.2.8/24 label eth0:vip brd 192.0.2.255 scope link dev eth1")
                .getFirst();

        assertThat(a.device()).contains("eth1");
        assertThat(a.broadcast()).contains(ip("192.0.2.255"));
        assertThat(a.label()).contains("eth0:vip");
        assertThat(a.scope()).isEqualTo(253);
    }

    @Test
    void scopeByNameOrNumber() {
        assertThat(vips("192.0.2.8 scope global\n192.0.2.9 scope host\n192.0.2.10 scope site\n192.0.2.11 scope 42"))
                .extracting(VirtualAddress::scope)
                .containsExactly(0, 254, 200, 42);
    }

    @Test
    void excludedAddressesAreReadTheSameWay() {
        ConfigResult result = ConfigLoader.parse("t.conf", """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress_excluded {
                        203.0.113.7/24 dev eth1
                    }
                }
                """, Path.of("."));

        VrrpInstanceConfig i = result.config().instances().getFirst();
        assertThat(i.virtualAddresses()).isEmpty();
        assertThat(i.excludedAddresses()).singleElement().satisfies(a -> {
            assertThat(a.toString()).isEqualTo("203.0.113.7/24");
            assertThat(a.device()).isEqualTo(Optional.of("eth1"));
            assertThat(a.pos()).isEqualTo(new SourcePos("t.conf", 5, 9));
        });
    }

    @Test
    void addressesKeepTheirOrder() {
        assertThat(vips("192.0.2.8\n198.51.100.8/25\n203.0.113.8"))
                .extracting(Object::toString)
                .containsExactly("192.0.2.8/32", "198.51.100.8/25", "203.0.113.8/32");
    }
}
