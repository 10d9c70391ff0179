package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The VMAC's MAC, its rtnetlink attributes and the sysctl paths, without a kernel. */
class VmacMessagesTest {

    @Test
    void theVirtualRouterMacIsAFunctionOfFamilyAndVrid() {
        assertThat(VirtualRouterMac.ipv4(51)).hasToString("00:00:5e:00:01:33");
        assertThat(VirtualRouterMac.of(Libc.AF_INET, 255)).hasToString("00:00:5e:00:01:ff");
        assertThat(VirtualRouterMac.of(VirtualRouterMac.AF_INET6, 1)).hasToString("00:00:5e:00:02:01");
        assertThatThrownBy(() -> VirtualRouterMac.ipv4(0)).hasMessageContaining("1..255");
        assertThatThrownBy(() -> VirtualRouterMac.of(17, 1)).hasMessageContaining("family 17");
    }

    /** A link answer as the kernel sends it for a macvlan: IFLA_LINK and IFLA_LINKINFO {kind, data {mode}}. */
    private static ByteBuffer macvlanAnswer(String kind, int parent, int mode) {
        byte[] data = VmacNetlink.attribute(VmacNetlink.IFLA_MACVLAN_MODE, VmacNetlink.u32(mode));
        byte[] k = (kind + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] kindAttr = VmacNetlink.attribute(VmacNetlink.IFLA_INFO_KIND, k);
        byte[] dataAttr = VmacNetlink.attribute(VmacNetlink.IFLA_INFO_DATA, data);
        byte[] info = new byte[kindAttr.length + dataAttr.length];
        System.arraycopy(kindAttr, 0, info, 0, kindAttr.length);
        System.arraycopy(dataAttr, 0, info, kindAttr.length, dataAttr.length);
        return new NetlinkMessages.Request(NetlinkMessages.RTM_NEWLINK, 0, 1)
                .ifinfomsg(Libc.AF_UNSPEC, 9, Link.IFF_UP, 0)
                .attribute(NetlinkMessages.IFLA_IFNAME, "vrrp.51")
                .attribute(
                        NetlinkMessages.IFLA_ADDRESS, VirtualRouterMac.ipv4(51).bytes())
                .attribute(VmacNetlink.IFLA_LINK, VmacNetlink.u32(2))
                .attribute(VmacNetlink.IFLA_GROUP, VmacNetlink.u32(7))
                .attribute(VmacNetlink.IFLA_LINKINFO, info)
                .finish();
    }

    @Test
    void aMacvlanAnswerParsesToItsKindParentAndMode() {
        VmacLink v = VmacNetlink.parse(macvlanAnswer("macvlan", 2, VmacLink.MACVLAN_MODE_PRIVATE), 0);
        assertThat(v.link().name()).isEqualTo("vrrp.51");
        assertThat(v.link().index()).isEqualTo(9);
        assertThat(v.link().isAdminUp()).isTrue();
        assertThat(v.parentIndex()).isEqualTo(2);
        assertThat(v.kind()).isEqualTo("macvlan");
        assertThat(v.macvlanMode()).isEqualTo(VmacLink.MACVLAN_MODE_PRIVATE);
        assertThat(v.group()).isEqualTo(7);
        assertThat(v.isOurs(2, VirtualRouterMac.ipv4(51))).isTrue();
    }

    @Test
    void onlyAMacvlanOnTheSameParentWithTheSameMacIsOurs() {
        VmacLink v = VmacNetlink.parse(macvlanAnswer("macvlan", 2, VmacLink.MACVLAN_MODE_PRIVATE), 0);
        assertThat(v.isOurs(3, VirtualRouterMac.ipv4(51))).isFalse();
        assertThat(v.isOurs(2, VirtualRouterMac.ipv4(52))).isFalse();
        VmacLink veth = VmacNetlink.parse(macvlanAnswer("veth", 2, 0), 0);
        assertThat(veth.isOurs(2, VirtualRouterMac.ipv4(51))).isFalse();
        assertThat(veth.macvlanMode()).isZero();
    }

    @Test
    void aLinkWithoutLinkInfoHasNoKind() {
        ByteBuffer m = new NetlinkMessages.Request(NetlinkMessages.RTM_NEWLINK, 0, 1)
                .ifinfomsg(Libc.AF_UNSPEC, 2)
                .attribute(NetlinkMessages.IFLA_IFNAME, "eth0")
                .finish();
        VmacLink v = VmacNetlink.parse(m, 0);
        assertThat(v.kind()).isEmpty();
        assertThat(v.parentIndex()).isZero();
    }

    @Test
    void anAttributeIsPaddedToFourBytesAndCountsItsHeader() {
        byte[] a = VmacNetlink.attribute(1, new byte[] {1, 2, 3, 4, 5});
        assertThat(a).hasSize(12);
        ByteBuffer b = ByteBuffer.wrap(a).order(java.nio.ByteOrder.nativeOrder());
        assertThat(b.getShort(0)).isEqualTo((short) 9);
        assertThat(b.getShort(2)).isEqualTo((short) 1);
    }

    @Test
    void sysctlPathsTakeOnlyInterfaceNamesAndKnownKeys() {
        assertThat(InterfaceSysctls.path("ipv4", "vrrp.51", "arp_ignore"))
                .hasToString("/proc/sys/net/ipv4/conf/vrrp.51/arp_ignore");
        assertThat(InterfaceSysctls.path("ipv4", "all", "rp_filter"))
                .hasToString("/proc/sys/net/ipv4/conf/all/rp_filter");
        assertThatThrownBy(() -> InterfaceSysctls.path("ipv4", "..", "arp_ignore"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InterfaceSysctls.path("ipv4", "a/b", "arp_ignore"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InterfaceSysctls.path("ipv4", "eth0", "forwarding"))
                .hasMessageContaining("not one Tandem sets");
        assertThatThrownBy(() -> InterfaceSysctls.path("mpls", "eth0", "arp_ignore"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
