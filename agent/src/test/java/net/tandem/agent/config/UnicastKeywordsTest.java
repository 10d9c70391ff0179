package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import net.tandem.agent.node.InstanceSettingsFromConfig;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.packet.TtlRange;
import net.tandem.agent.vrrp.packet.V3ChecksumForm;
import org.junit.jupiter.api.Test;

/**
 * unicast_ttl, unicast_peer's min_ttl/max_ttl, unicast_fault_no_peer and v3_checksum_as_v2 as keepalived reads them
 * (2.2.7; v3_checksum_as_v2 is 2.2.8's, in global_defs and in the instance, where it can be turned off again).
 */
class UnicastKeywordsTest {

    private static final Inet4Address PRIMARY = ip("192.0.2.1");

    private static ConfigResult load(String globals, String body) {
        return ConfigLoader.parse(
                "t.conf",
                "global_defs {\n" + globals + "}\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
                        + " virtual_ipaddress {\n  192.0.2.8\n }\n" + body + "}\n",
                Path.of("."));
    }

    private static InstanceSettings settings(String globals, String body) {
        ConfigResult r = load(globals, body);
        assertThat(r.diagnostics()).isEmpty();
        return InstanceSettingsFromConfig.of(r.config().instances().getFirst(), PRIMARY);
    }

    private static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void byDefaultUnicastAdvertsCarryTtl255AnyTtlIsAcceptedAndTheChecksumHasThePseudoHeader() {
        InstanceSettings s = settings("", " unicast_peer {\n  192.0.2.2\n }\n");
        assertThat(s.unicastTtl()).isEqualTo(255);
        assertThat(s.ttlRange(ip("192.0.2.2"))).isEqualTo(TtlRange.ANY);
        assertThat(s.v3ChecksumForm()).isEqualTo(V3ChecksumForm.PSEUDO_HEADER);
    }

    @Test
    void unicastTtlAndEachPeersRangeReachTheSettings() {
        InstanceSettings s = settings(
                "",
                " unicast_ttl 64\n unicast_peer {\n  192.0.2.2 min_ttl 60\n  192.0.2.3 max_ttl 254\n"
                        + "  192.0.2.4 min_ttl 250 max_ttl 255\n  192.0.2.5\n }\n");
        assertThat(s.unicastTtl()).isEqualTo(64);
        assertThat(s.ttlRange(ip("192.0.2.2"))).isEqualTo(new TtlRange(60, 255));
        assertThat(s.ttlRange(ip("192.0.2.3"))).isEqualTo(new TtlRange(0, 254));
        assertThat(s.ttlRange(ip("192.0.2.4"))).isEqualTo(new TtlRange(250, 255));
        assertThat(s.ttlRange(ip("192.0.2.5"))).isEqualTo(TtlRange.ANY);
    }

    @Test
    void minTtlAboveMaxTtlIsKeptWithAWarningAsKeepalivedDoes() {
        ConfigResult r = load("", " unicast_peer {\n  192.0.2.2 min_ttl 200 max_ttl 100\n }\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.diagnostics()).singleElement().asString().contains("min_ttl 200 > max_ttl 100");
        assertThat(r.config().instances().getFirst().unicastPeerTtls()).containsValue(new TtlRange(200, 100));
    }

    @Test
    void aWrongPeerOptionOrValueIsAnError() {
        assertThat(load("", " unicast_peer {\n  192.0.2.2 min_ttl 256\n }\n").errors())
                .isNotEmpty();
        assertThat(load("", " unicast_peer {\n  192.0.2.2 ttl 3\n }\n").errors())
                .isNotEmpty();
        assertThat(load("", " unicast_peer {\n  192.0.2.2 max_ttl\n }\n").errors())
                .isNotEmpty();
    }

    @Test
    void unicastTtlWithoutPeersIsIgnoredWithAWarning() {
        ConfigResult r = load("", " unicast_ttl 10\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.diagnostics()).singleElement().asString().contains("unicast_ttl without unicast_peer");
        assertThat(r.config().instances().getFirst().unicastTtl()).isEqualTo(255);
    }

    @Test
    void unicastFaultNoPeerIsRead() {
        ConfigResult r = load("", " unicast_fault_no_peer\n");
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.config().instances().getFirst().unicastFaultNoPeer()).isTrue();
        assertThat(load("", "").config().instances().getFirst().unicastFaultNoPeer())
                .isFalse();
    }

    @Test
    void v3ChecksumAsV2SendsTheMessageOnlyFormFromGlobalDefsOrTheInstanceAndTheInstanceWins() {
        assertThat(settings("", " v3_checksum_as_v2\n").v3ChecksumForm()).isEqualTo(V3ChecksumForm.MESSAGE_ONLY);
        assertThat(settings(" v3_checksum_as_v2\n", "").v3ChecksumForm()).isEqualTo(V3ChecksumForm.MESSAGE_ONLY);
        assertThat(settings(" v3_checksum_as_v2\n", " v3_checksum_as_v2 false\n")
                        .v3ChecksumForm())
                .isEqualTo(V3ChecksumForm.PSEUDO_HEADER);
    }
}
