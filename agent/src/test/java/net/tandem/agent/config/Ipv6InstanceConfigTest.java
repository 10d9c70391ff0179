package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import net.tandem.agent.node.InstanceSettingsFromConfig;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

/**
 * IPv6 instances (VRRPv3 over IPv6) as keepalived 2.2.7 reads them: the family from native_ipv6 or the first
 * address, version 3 whatever vrrp_version says, excluded addresses of either family; and what Tandem refuses where
 * keepalived ignores: an address of the other family, and VRRPv2 over IPv6.
 */
class Ipv6InstanceConfigTest {

    private static ConfigResult load(String globals, String body) {
        return ConfigLoader.parse(
                "t.conf",
                "global_defs {\n" + globals + "}\nvrrp_instance VI_6 {\n interface eth0\n virtual_router_id 51\n" + body
                        + "}\n",
                Path.of("."));
    }

    private static VrrpInstanceConfig instance(String globals, String body) {
        ConfigResult r = load(globals, body);
        assertThat(r.errors()).isEmpty();
        return r.config().instances().getFirst();
    }

    @Test
    void anInstanceWithIpv6AddressesIsIpv6AndRunsVersion3EvenWhenTheGlobalVersionIs2() {
        VrrpInstanceConfig c =
                instance(" vrrp_version 2\n", " virtual_ipaddress {\n  fe80::51/64\n  2001:db8::51/64\n }\n");
        assertThat(c.ipv6()).isTrue();
        assertThat(c.version()).isEqualTo(VrrpVersion.V3);
        assertThat(c.virtualAddresses())
                .extracting(VirtualAddress::toString)
                .containsExactly("fe80::51/64", "2001:db8::51/64");
        // Every VIP goes in the advert, in the order written, the link-local one first here (keepalived's rule).
        InstanceSettings s = InstanceSettingsFromConfig.of(c, ip("fe80::1"));
        assertThat(s.ipv6()).isTrue();
        assertThat(s.virtualAddresses()).containsExactly(ip("fe80::51"), ip("2001:db8::51"));
    }

    @Test
    void nativeIpv6MakesAnInstanceWithoutAddressesIpv6() {
        VrrpInstanceConfig c = instance("", " native_ipv6\n no_virtual_ipaddress\n");
        assertThat(c.ipv6()).isTrue();
        assertThat(c.version()).isEqualTo(VrrpVersion.V3);
    }

    @Test
    void anInstanceWithoutAnyAddressIsIpv4() {
        assertThat(instance("", " no_virtual_ipaddress\n").ipv6()).isFalse();
    }

    @Test
    void ipv6UnicastPeersAndSourceAreAccepted() {
        VrrpInstanceConfig c = instance(
                "",
                " unicast_src_ip 2001:db8::1\n unicast_peer {\n  2001:db8::2\n }\n"
                        + " virtual_ipaddress {\n  2001:db8::51/64\n }\n");
        assertThat(c.unicastPeers()).containsExactly(ip("2001:db8::2"));
        InstanceSettings s =
                InstanceSettingsFromConfig.of(c, c.unicastSourceAddress().orElseThrow());
        assertThat(s.unicastPeers()).containsExactly(ip("2001:db8::2"));
    }

    @Test
    void theFamilyComesFromThePeersWhenNothingElseSaysIt() {
        assertThat(instance("", " unicast_peer {\n  2001:db8::2\n }\n no_virtual_ipaddress\n")
                        .ipv6())
                .isTrue();
    }

    @Test
    void excludedAddressesMayBeOfEitherFamilyAsInKeepalived() {
        VrrpInstanceConfig v4 = instance(
                "", " virtual_ipaddress {\n  192.0.2.8\n }\n virtual_ipaddress_excluded {\n  2001:db8::8/64\n }\n");
        assertThat(v4.ipv6()).isFalse();
        assertThat(v4.excludedAddresses()).extracting(VirtualAddress::toString).containsExactly("2001:db8::8/64");
        // ... and they never go in the advert.
        assertThat(InstanceSettingsFromConfig.of(v4, ip("192.0.2.1")).virtualAddresses())
                .containsExactly(ip("192.0.2.8"));
    }

    @Test
    void anAddressOfTheOtherFamilyIsAnErrorNamingWhatDecidedTheFamily() {
        ConfigResult r = load("", " virtual_ipaddress {\n  2001:db8::51/64\n  192.0.2.8\n }\n");
        assertThat(r.errors())
                .singleElement()
                .asString()
                .contains("t.conf:8:3")
                .contains("virtual_ipaddress 192.0.2.8 is IPv4 but the instance is IPv6")
                .contains("from its first virtual_ipaddress 2001:db8::51")
                .contains("an instance of their own");
        assertThat(load("", " unicast_src_ip 192.0.2.1\n virtual_ipaddress {\n  2001:db8::51\n }\n")
                        .errors())
                .singleElement()
                .asString()
                .contains("unicast_src_ip 192.0.2.1 is IPv4 but the instance is IPv6");
    }

    @Test
    void nativeIpv6WithIpv4AddressesIsAnErrorAsKeepalivedSays() {
        assertThat(load("", " native_ipv6\n virtual_ipaddress {\n  192.0.2.8\n }\n")
                        .errors())
                .singleElement()
                .asString()
                .contains("native_ipv6 cannot be used with IPv4 addresses");
    }

    @Test
    void version2WithIpv6IsRefused() {
        assertThat(load("", " version 2\n virtual_ipaddress {\n  2001:db8::51\n }\n")
                        .errors())
                .singleElement()
                .asString()
                .contains("t.conf:6:2")
                .contains("VRRP over IPv6 is version 3 only");
    }

    @Test
    void anIpv4AndAnIpv6InstanceMayShareAVridOnAnInterface() {
        ConfigResult r = ConfigLoader.parse(
                "t.conf",
                "vrrp_instance V4 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  192.0.2.8\n }\n}\n"
                        + "vrrp_instance V6 {\n interface eth0\n virtual_router_id 51\n"
                        + " virtual_ipaddress {\n  2001:db8::8\n }\n}\n"
                        + "vrrp_sync_group G {\n group {\n  V4\n  V6\n }\n}\n",
                Path.of("."));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().instances()).extracting(VrrpInstanceConfig::ipv6).isEqualTo(List.of(false, true));
    }

    private static InetAddress ip(String s) {
        return IpAddresses.parse(s).orElseThrow();
    }
}
