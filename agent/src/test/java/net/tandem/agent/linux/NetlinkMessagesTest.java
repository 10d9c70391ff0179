package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The rtnetlink codec and argument checks, without a kernel. */
class NetlinkMessagesTest {

    @Test
    void anAddressRequestParsesBackToTheSameAddress() throws Exception {
        Inet4Address vip = (Inet4Address) InetAddress.getByName("192.0.2.8");
        ByteBuffer message = new NetlinkMessages.Request(NetlinkMessages.RTM_NEWADDR, NetlinkMessages.NLM_F_REQUEST, 7)
                .ifaddrmsg(Libc.AF_INET, 32, 0, AddressScope.LINK.value(), 3)
                .attribute(NetlinkMessages.IFA_LOCAL, vip)
                .attribute(NetlinkMessages.IFA_ADDRESS, vip)
                .attribute(NetlinkMessages.IFA_LABEL, "eth0:1")
                .finish();

        assertThat(message.getInt(NetlinkMessages.NLMSG_LEN))
                .isEqualTo(message.limit())
                .isEqualTo(16 + 8 + 8 + 8 + 12);
        LinkAddress parsed = NetlinkMessages.parseAddress(message, 0, i -> "unused");
        assertThat(parsed).isEqualTo(new LinkAddress(3, vip, 32, "eth0:1", null, AddressScope.LINK, 0));
    }

    @Test
    void aLabellessAddressTakesTheInterfaceName() throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByName("192.0.2.1");
        ByteBuffer message = new NetlinkMessages.Request(NetlinkMessages.RTM_NEWADDR, 0, 1)
                .ifaddrmsg(Libc.AF_INET, 24, LinkAddress.IFA_F_SECONDARY, 0, 2)
                .attribute(NetlinkMessages.IFA_ADDRESS, a)
                .finish();

        LinkAddress parsed = NetlinkMessages.parseAddress(message, 0, i -> i == 2 ? "eth0" : null);
        assertThat(parsed.label()).isEqualTo("eth0");
        assertThat(parsed.isSecondary()).isTrue();
    }

    @Test
    void scopesParseByNameOrNumber() {
        assertThat(AddressScope.parse("host")).isEqualTo(AddressScope.HOST);
        assertThat(AddressScope.parse("GLOBAL")).isEqualTo(AddressScope.GLOBAL);
        assertThat(AddressScope.parse("link").value()).isEqualTo(253);
        assertThat(AddressScope.parse("site").value()).isEqualTo(200);
        assertThat(AddressScope.parse("42")).hasToString("42");
        assertThatThrownBy(() -> AddressScope.parse("galactic"))
                .hasMessageContaining("unknown address scope \"galactic\"");
        assertThatThrownBy(() -> AddressScope.parse("256")).hasMessageContaining("0..255");
    }

    @Test
    void labelsFollowKeepalivedsRules() {
        Rtnetlink.checkLabel("eth0:1", "eth0");
        Rtnetlink.checkLabel("eth0", "eth0");
        Rtnetlink.checkLabel("eth0:012345678", "eth0"); // 15 characters: the most IFNAMSIZ allows
        assertThatThrownBy(() -> Rtnetlink.checkLabel("vip:1", "eth0"))
                .hasMessageContaining("must begin with the interface name \"eth0\"");
        assertThatThrownBy(() -> Rtnetlink.checkLabel("eth0:0123456789x", "eth0"))
                .hasMessageContaining("longer than 15 characters");
        assertThatThrownBy(() -> Rtnetlink.checkLabel("eth0 x", "eth0")).hasMessageContaining("printable ASCII");
    }

    @Test
    void macAddressesPrintLikeIpDoes() {
        assertThat(MacAddress.parse("02:00:5e:00:01:33"))
                .hasToString("02:00:5e:00:01:33")
                .isEqualTo(MacAddress.of(new byte[] {2, 0, 0x5e, 0, 1, 0x33}));
    }
}
