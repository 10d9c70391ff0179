package net.tandem.agent.linux;

import static net.tandem.agent.linux.NetlinkMessages.IFLA_ADDRESS;
import static net.tandem.agent.linux.NetlinkMessages.IFLA_IFNAME;
import static net.tandem.agent.linux.NetlinkMessages.NLM_F_ACK;
import static net.tandem.agent.linux.NetlinkMessages.NLM_F_CREATE;
import static net.tandem.agent.linux.NetlinkMessages.NLM_F_EXCL;
import static net.tandem.agent.linux.NetlinkMessages.NLM_F_REQUEST;
import static net.tandem.agent.linux.NetlinkMessages.RTM_DELLINK;
import static net.tandem.agent.linux.NetlinkMessages.RTM_GETLINK;
import static net.tandem.agent.linux.NetlinkMessages.RTM_NEWLINK;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rtnetlink requests for VMAC interfaces: what {@code ip link add NAME link BASE address MAC type macvlan mode
 * private}, {@code ip link set NAME up} and {@code ip link del NAME} do, and reading a link's kind and parent to
 * recognise one.
 */
final class VmacNetlink {

    // linux/if_link.h
    static final int IFLA_LINK = 5;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_AF_SPEC = 26;
    static final int IFLA_GROUP = 27;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_MACVLAN_MODE = 1;
    static final int IFLA_INET6_ADDR_GEN_MODE = 8;
    static final int IN6_ADDR_GEN_MODE_NONE = 1;

    private final Rtnetlink rtnetlink;

    VmacNetlink(Rtnetlink rtnetlink) {
        this.rtnetlink = rtnetlink;
    }

    /** The link called {@code name} with its kind and parent, or empty when there is none. */
    Optional<VmacLink> find(String name) throws IOException {
        var request = new NetlinkMessages.Request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, rtnetlink.nextSequence())
                .ifinfomsg(Libc.AF_UNSPEC, 0)
                .attribute(IFLA_IFNAME, name);
        List<VmacLink> found = new ArrayList<>();
        try {
            rtnetlink.exchange(request, "RTM_GETLINK", name, null, RTM_NEWLINK, (m, o) -> found.add(parse(m, o)));
        } catch (NativeException e) {
            if (e.is(Errno.ENODEV)) {
                return Optional.empty();
            }
            throw e;
        }
        return found.stream().findFirst();
    }

    /**
     * Creates a private-mode macvlan {@code name} on link {@code parent} with address {@code mac}, down, in the
     * parent's interface group (keepalived copies it, so that firewall rules by group match the VMAC too).
     */
    void create(String name, int parent, MacAddress mac, int group) throws IOException {
        byte[] data = attribute(IFLA_MACVLAN_MODE, u32(VmacLink.MACVLAN_MODE_PRIVATE));
        byte[] kind = "macvlan".getBytes(StandardCharsets.US_ASCII);
        byte[] linkinfo = concat(attribute(IFLA_INFO_KIND, kind), attribute(IFLA_INFO_DATA, data));
        var request = new NetlinkMessages.Request(
                        RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, rtnetlink.nextSequence())
                .ifinfomsg(Libc.AF_UNSPEC, 0)
                .attribute(IFLA_IFNAME, name)
                .attribute(IFLA_LINK, u32(parent))
                .attribute(IFLA_ADDRESS, mac.bytes())
                .attribute(IFLA_GROUP, u32(group))
                .attribute(IFLA_LINKINFO, linkinfo);
        rtnetlink.exchange(request, "RTM_NEWLINK (macvlan)", name, "VMAC " + mac, -1, null);
    }

    /**
     * No IPv6 link-local address from the VMAC's MAC (RFC 5798 §7.4: the virtual router MAC is not a source
     * for the router's own addresses); set before the link goes up, as keepalived does, since the kernel
     * makes the address when it does.
     */
    void noAddressGeneration(int ifindex, String name) throws IOException {
        byte[] inet6 = attribute(IFLA_INET6_ADDR_GEN_MODE, new byte[] {(byte) IN6_ADDR_GEN_MODE_NONE});
        var request = new NetlinkMessages.Request(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, rtnetlink.nextSequence())
                .ifinfomsg(Libc.AF_UNSPEC, ifindex)
                .attribute(IFLA_AF_SPEC, attribute(VirtualRouterMac.AF_INET6, inet6));
        rtnetlink.exchange(request, "RTM_NEWLINK (addr_gen_mode none)", name, null, -1, null);
    }

    /** ip link set up. */
    void setUp(int ifindex, String name) throws IOException {
        var request = new NetlinkMessages.Request(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, rtnetlink.nextSequence())
                .ifinfomsg(Libc.AF_UNSPEC, ifindex, Link.IFF_UP, Link.IFF_UP);
        rtnetlink.exchange(request, "RTM_NEWLINK (up)", name, null, -1, null);
    }

    /** ip link del; false when it was already gone. */
    boolean delete(int ifindex, String name) throws IOException {
        var request = new NetlinkMessages.Request(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, rtnetlink.nextSequence())
                .ifinfomsg(Libc.AF_UNSPEC, ifindex);
        try {
            rtnetlink.exchange(request, "RTM_DELLINK", name, null, -1, null);
            return true;
        } catch (NativeException e) {
            if (e.is(Errno.ENODEV)) {
                return false;
            }
            throw e;
        }
    }

    /** Parses an RTM_NEWLINK answer with its IFLA_LINK and IFLA_LINKINFO. */
    static VmacLink parse(ByteBuffer message, int offset) {
        Link link = NetlinkMessages.parseLink(message, offset);
        int length = message.getInt(offset + NetlinkMessages.NLMSG_LEN);
        int attrs = offset + NetlinkMessages.NLMSG_HDRLEN + (int) NetlinkMessages.IFINFOMSG.byteSize();
        ByteBuffer[] a = NetlinkMessages.attributes(message, attrs, offset + length, IFLA_GROUP);
        int parent = a[IFLA_LINK] != null && a[IFLA_LINK].remaining() >= 4 ? a[IFLA_LINK].getInt(0) : 0;
        int group = a[IFLA_GROUP] != null && a[IFLA_GROUP].remaining() >= 4 ? a[IFLA_GROUP].getInt(0) : 0;
        String kind = "";
        int mode = 0;
        if (a[IFLA_LINKINFO] != null) {
            ByteBuffer info = a[IFLA_LINKINFO];
            ByteBuffer[] i = NetlinkMessages.attributes(info, 0, info.limit(), IFLA_INFO_DATA);
            if (i[IFLA_INFO_KIND] != null) {
                kind = NetlinkMessages.string(i[IFLA_INFO_KIND]);
            }
            if (kind.equals("macvlan") && i[IFLA_INFO_DATA] != null) {
                ByteBuffer data = i[IFLA_INFO_DATA];
                ByteBuffer[] d = NetlinkMessages.attributes(data, 0, data.limit(), IFLA_MACVLAN_MODE);
                if (d[IFLA_MACVLAN_MODE] != null && d[IFLA_MACVLAN_MODE].remaining() >= 4) {
                    mode = d[IFLA_MACVLAN_MODE].getInt(0);
                }
            }
        }
        return new VmacLink(link, parent, kind, mode, group);
    }

    /** One rtattr (nested ones carry their children as the value), padded to 4 bytes. */
    static byte[] attribute(int type, byte[] value) {
        int length = NetlinkMessages.RTA_HDRLEN + value.length;
        ByteBuffer b = ByteBuffer.allocate(NetlinkMessages.align(length)).order(ByteOrder.nativeOrder());
        b.putShort((short) length).putShort((short) type).put(value);
        return b.array();
    }

    static byte[] u32(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.nativeOrder())
                .putInt(value)
                .array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
