package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RtnetlinkTest {

    private static final Inet4Address VIP = ipv4("192.0.2.8");
    private static final Inet4Address VIP2 = ipv4("192.0.2.9");

    private static TestNetwork net;
    private static Node node1;

    private Rtnetlink rtnl;
    private int eth0;

    @BeforeAll
    static void lan() {
        net = TestNetwork.create();
        node1 = net.addNode();
    }

    @AfterAll
    static void removeLan() {
        if (net != null) {
            net.close();
        }
    }

    @BeforeEach
    void openInNode1() throws Exception {
        rtnl = Netns.call(node1.namespace(), Rtnetlink::open);
        eth0 = rtnl.link("eth0").orElseThrow().index();
    }

    @AfterEach
    void cleanUp() {
        rtnl.close();
        net.exec(node1, "ip", "addr", "flush", "dev", "eth0", "to", "192.0.2.8/32");
        net.exec(node1, "ip", "addr", "flush", "dev", "eth0", "to", "192.0.2.9/32");
    }

    @Test
    void looksUpALinkByNameWithItsIndexFlagsAndMac() throws Exception {
        Link link = rtnl.link("eth0").orElseThrow();

        assertThat(link.name()).isEqualTo("eth0");
        assertThat(link.index()).isEqualTo(ifindexOfEth0());
        assertThat(link.isUp()).isTrue();
        assertThat(link.hasCarrier()).isTrue();
        assertThat(link.mac()).hasToString(net.mac(node1));
        assertThat(rtnl.link(link.index())).contains(link);
        assertThat(rtnl.links()).extracting(Link::name).contains("lo", "eth0");
    }

    @Test
    void aMissingLinkIsEmptyNotAnError() throws Exception {
        assertThat(rtnl.link("eth7")).isEmpty();
        assertThat(rtnl.link(99_999)).isEmpty();
    }

    @Test
    void listsTheAddressesOfALinkAndItsPrimary() throws Exception {
        assertThat(rtnl.addresses(eth0)).singleElement().satisfies(a -> {
            assertThat(a.address()).isEqualTo(node1.address());
            assertThat(a.prefixLength()).isEqualTo(24);
            assertThat(a.label()).isEqualTo("eth0");
            assertThat(a.scope()).isEqualTo(AddressScope.GLOBAL);
            assertThat(a.broadcast()).isNull();
            assertThat(a.isSecondary()).isFalse();
        });
        assertThat(rtnl.primaryAddress(eth0)).contains(node1.address());
    }

    @Test
    void addsAVipWithALabelAndDeletesIt() throws Exception {
        assertThat(rtnl.addAddress(eth0, VIP, 32, "eth0:1", null, AddressScope.GLOBAL))
                .isEqualTo(AddResult.ADDED);

        assertThat(ipAddrShow()).contains("inet 192.0.2.8/32 scope global eth0:1");
        assertThat(rtnl.addresses(eth0)).anySatisfy(a -> {
            assertThat(a.address()).isEqualTo(VIP);
            assertThat(a.label()).isEqualTo("eth0:1");
        });
        assertThat(rtnl.primaryAddress(eth0)).contains(node1.address());

        assertThat(rtnl.deleteAddress(eth0, VIP, 32)).isEqualTo(DeleteResult.DELETED);
        assertThat(ipAddrShow()).doesNotContain("192.0.2.8");
    }

    @Test
    void addingAnAddressTwiceIsReportedAsAlreadyPresent() throws Exception {
        rtnl.addAddress(eth0, VIP, 32, null, null, AddressScope.GLOBAL);

        assertThat(rtnl.addAddress(eth0, VIP, 32, null, null, AddressScope.GLOBAL))
                .isEqualTo(AddResult.ALREADY_PRESENT);
    }

    @Test
    void deletingAnAbsentAddressIsReportedAsNotPresent() throws Exception {
        assertThat(rtnl.deleteAddress(eth0, VIP, 32)).isEqualTo(DeleteResult.NOT_PRESENT);
    }

    @Test
    void scopeAndBroadcastReachTheKernel() throws Exception {
        rtnl.addAddress(eth0, VIP2, 32, null, ipv4("192.0.2.255"), AddressScope.HOST);

        assertThat(ipAddrShow()).contains("inet 192.0.2.9/32 brd 192.0.2.255 scope host eth0");
    }

    @Test
    void aLabelMustBeginWithTheInterfaceName() {
        assertThatThrownBy(() -> rtnl.addAddress(eth0, VIP, 32, "eth1:1", null, AddressScope.GLOBAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address label \"eth1:1\" must begin with the interface name \"eth0\" (e.g. eth0:1)");
        assertThat(ipAddrShow()).doesNotContain("192.0.2.8");
    }

    @Test
    void anAddressOnAMissingInterfaceIsANativeException() {
        assertThatThrownBy(() -> rtnl.addAddress(99_999, VIP, 32, null, null, AddressScope.GLOBAL))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("ENODEV");
    }

    private String ipAddrShow() {
        return net.exec(node1, "ip", "-o", "-4", "addr", "show", "dev", "eth0");
    }

    private int ifindexOfEth0() {
        String line = net.exec(node1, "ip", "-o", "link", "show", "eth0");
        return Integer.parseInt(line.substring(0, line.indexOf(':')));
    }

    private static Inet4Address ipv4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
