package net.tandem.agent.linux;

import static net.tandem.agent.linux.NetlinkMessages.IFA_ADDRESS;
import static net.tandem.agent.linux.NetlinkMessages.IFA_BROADCAST;
import static net.tandem.agent.linux.NetlinkMessages.IFA_LABEL;
import static net.tandem.agent.linux.NetlinkMessages.IFA_LOCAL;
import static net.tandem.agent.linux.NetlinkMessages.IFLA_IFNAME;
import static net.tandem.agent.linux.NetlinkMessages.NLMSG_DONE;
import static net.tandem.agent.linux.NetlinkMessages.NLMSG_ERROR;
import static net.tandem.agent.linux.NetlinkMessages.NLMSG_LEN;
import static net.tandem.agent.linux.NetlinkMessages.NLMSG_SEQ;
import static net.tandem.agent.linux.NetlinkMessages.NLMSG_TYPE;
import static net.tandem.agent.linux.NetlinkMessages.NLM_F_ACK;
import static net.tandem.agent.linux.NetlinkMessages.NLM_F_CREATE;
import static net.tandem.agent.linux.NetlinkMessages.NLM_F_DUMP;
import static net.tandem.agent.linux.NetlinkMessages.NLM_F_EXCL;
import static net.tandem.agent.linux.NetlinkMessages.NLM_F_REQUEST;
import static net.tandem.agent.linux.NetlinkMessages.RTM_DELADDR;
import static net.tandem.agent.linux.NetlinkMessages.RTM_GETADDR;
import static net.tandem.agent.linux.NetlinkMessages.RTM_GETLINK;
import static net.tandem.agent.linux.NetlinkMessages.RTM_NEWADDR;
import static net.tandem.agent.linux.NetlinkMessages.RTM_NEWLINK;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Links and IPv4 addresses through rtnetlink (NETLINK_ROUTE), in the network
 * namespace of the thread that opened it: what {@code ip link show} and
 * {@code ip addr add/del} do, without running them.
 *
 * <p>Every request waits for the kernel's answer (NLM_F_ACK); a refusal
 * becomes a {@link NativeException} naming the address and the interface, with
 * the kernel's own explanation when it gives one (extended ack). Requests are
 * serialized: one at a time per instance, from any thread.
 */
public final class Rtnetlink implements AutoCloseable {

    /** IFNAMSIZ - 1: the longest interface name or address label. */
    public static final int MAX_LABEL_LENGTH = 15;

    private static final int ANSWER_TIMEOUT_MILLIS = 5000;

    private final NetlinkSocket socket;

    private Rtnetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a request socket in the calling thread's network namespace. */
    public static Rtnetlink open() throws NativeException {
        return new Rtnetlink(NetlinkSocket.open(0));
    }

    /** The link called {@code name}, or empty when there is none. */
    public Optional<Link> link(String name) throws IOException {
        var request = new NetlinkMessages.Request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, socket.nextSequence())
                .ifinfomsg(Libc.AF_UNSPEC, 0)
                .attribute(IFLA_IFNAME, name);
        List<Link> found = new ArrayList<>();
        try {
            exchange(
                    request,
                    "RTM_GETLINK",
                    name,
                    null,
                    RTM_NEWLINK,
                    (m, o) -> found.add(NetlinkMessages.parseLink(m, o)));
        } catch (NativeException e) {
            if (e.is(Errno.ENODEV)) {
                return Optional.empty();
            }
            throw e;
        }
        return found.stream().findFirst();
    }

    /** The link with index {@code ifindex}, or empty when there is none. */
    public Optional<Link> link(int ifindex) throws IOException {
        var request = new NetlinkMessages.Request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, socket.nextSequence())
                .ifinfomsg(Libc.AF_UNSPEC, ifindex);
        List<Link> found = new ArrayList<>();
        try {
            exchange(
                    request,
                    "RTM_GETLINK",
                    "#" + ifindex,
                    null,
                    RTM_NEWLINK,
                    (m, o) -> found.add(NetlinkMessages.parseLink(m, o)));
        } catch (NativeException e) {
            if (e.is(Errno.ENODEV)) {
                return Optional.empty();
            }
            throw e;
        }
        return found.stream().findFirst();
    }

    /** Every link in the namespace. */
    public List<Link> links() throws IOException {
        var request = new NetlinkMessages.Request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, socket.nextSequence())
                .ifinfomsg(Libc.AF_UNSPEC, 0);
        List<Link> found = new ArrayList<>();
        exchange(
                request,
                "RTM_GETLINK (dump)",
                null,
                null,
                RTM_NEWLINK,
                (m, o) -> found.add(NetlinkMessages.parseLink(m, o)));
        return found;
    }

    /** The IPv4 addresses on link {@code ifindex}, in the kernel's order (primaries first per subnet). */
    public List<LinkAddress> addresses(int ifindex) throws IOException {
        var request = new NetlinkMessages.Request(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, socket.nextSequence())
                .ifaddrmsg(Libc.AF_INET, 0, 0, 0, ifindex);
        List<LinkAddress> found = new ArrayList<>();
        exchange(request, "RTM_GETADDR (dump)", "#" + ifindex, null, RTM_NEWADDR, (m, o) -> {
            LinkAddress a = NetlinkMessages.parseAddress(m, o, i -> null);
            if (a != null && a.ifindex() == ifindex) { // older kernels ignore the index filter
                found.add(a);
            }
        });
        return found;
    }

    /**
     * The interface's primary IPv4 address, which keepalived uses as the
     * advert source: the first non-secondary address the kernel lists.
     */
    public Optional<Inet4Address> primaryAddress(int ifindex) throws IOException {
        return addresses(ifindex).stream()
                .filter(a -> !a.isSecondary())
                .map(LinkAddress::address)
                .findFirst();
    }

    /**
     * Adds {@code address/prefix} to link {@code ifindex} (ip addr add). An
     * address already present is reported as {@link AddResult#ALREADY_PRESENT}.
     *
     * @param label     keepalived's {@code label eth0:1}: must begin with the
     *                  interface name, at most 15 characters; null for none
     * @param broadcast the broadcast address, or null for none
     * @param scope     {@link AddressScope#GLOBAL} unless configured otherwise
     * @throws IllegalArgumentException for a bad prefix or label
     * @throws NativeException          naming the address and interface when the kernel refuses
     */
    public AddResult addAddress(
            int ifindex, Inet4Address address, int prefix, String label, Inet4Address broadcast, AddressScope scope)
            throws IOException {
        checkPrefix(prefix);
        String ifname = interfaceName(ifindex);
        if (label != null) {
            checkLabel(label, ifname);
        }
        var request = new NetlinkMessages.Request(
                        RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, socket.nextSequence())
                .ifaddrmsg(Libc.AF_INET, prefix, 0, scope.value(), ifindex)
                .attribute(IFA_LOCAL, address)
                .attribute(IFA_ADDRESS, address);
        if (label != null) {
            request.attribute(IFA_LABEL, label);
        }
        if (broadcast != null) {
            request.attribute(IFA_BROADCAST, broadcast);
        }
        try {
            exchange(request, "RTM_NEWADDR", ifname, "address " + address.getHostAddress() + "/" + prefix, -1, null);
            return AddResult.ADDED;
        } catch (NativeException e) {
            if (e.is(Errno.EEXIST)) {
                return AddResult.ALREADY_PRESENT;
            }
            throw e;
        }
    }

    /**
     * Removes {@code address/prefix} from link {@code ifindex} (ip addr del). An
     * absent address is reported as {@link DeleteResult#NOT_PRESENT}.
     */
    public DeleteResult deleteAddress(int ifindex, Inet4Address address, int prefix) throws IOException {
        checkPrefix(prefix);
        String ifname = interfaceName(ifindex);
        var request = new NetlinkMessages.Request(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, socket.nextSequence())
                .ifaddrmsg(Libc.AF_INET, prefix, 0, 0, ifindex)
                .attribute(IFA_LOCAL, address)
                .attribute(IFA_ADDRESS, address);
        try {
            exchange(request, "RTM_DELADDR", ifname, "address " + address.getHostAddress() + "/" + prefix, -1, null);
            return DeleteResult.DELETED;
        } catch (NativeException e) {
            if (e.is(Errno.EADDRNOTAVAIL)) {
                return DeleteResult.NOT_PRESENT;
            }
            throw e;
        }
    }

    /** The IPv6 addresses on link {@code ifindex}, in the kernel's order. */
    public List<Link6Address> addresses6(int ifindex) throws IOException {
        var request = new NetlinkMessages.Request(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, socket.nextSequence())
                .ifaddrmsg(Ipv6.AF_INET6, 0, 0, 0, ifindex);
        List<Link6Address> found = new ArrayList<>();
        exchange(request, "RTM_GETADDR (dump, IPv6)", "#" + ifindex, null, RTM_NEWADDR, (m, o) -> {
            Link6Address a = Link6Address.parse(m, o);
            if (a != null && a.ifindex() == ifindex) {
                found.add(a);
            }
        });
        return found;
    }

    /**
     * Adds the IPv6 {@code address/prefix} to link {@code ifindex} with IFA_F_NODAD: a VIP is used at once, without
     * the second of Duplicate Address Detection (during which the kernel would not use it, and a backup's answer
     * would make the kernel give up the address); keepalived adds its VIPs the same way.
     */
    public AddResult addAddress6(int ifindex, Inet6Address address, int prefix, AddressScope scope) throws IOException {
        checkPrefix6(prefix);
        String ifname = interfaceName(ifindex);
        var request = new NetlinkMessages.Request(
                        RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, socket.nextSequence())
                .ifaddrmsg(Ipv6.AF_INET6, prefix, Link6Address.IFA_F_NODAD, scope.value(), ifindex)
                .attribute(IFA_LOCAL, address.getAddress())
                .attribute(IFA_ADDRESS, address.getAddress());
        try {
            exchange(request, "RTM_NEWADDR", ifname, "address " + address.getHostAddress() + "/" + prefix, -1, null);
            return AddResult.ADDED;
        } catch (NativeException e) {
            if (e.is(Errno.EEXIST)) {
                return AddResult.ALREADY_PRESENT;
            }
            throw e;
        }
    }

    /** Removes the IPv6 {@code address/prefix} from link {@code ifindex}; an absent one is NOT_PRESENT. */
    public DeleteResult deleteAddress6(int ifindex, Inet6Address address, int prefix) throws IOException {
        checkPrefix6(prefix);
        String ifname = interfaceName(ifindex);
        var request = new NetlinkMessages.Request(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, socket.nextSequence())
                .ifaddrmsg(Ipv6.AF_INET6, prefix, 0, 0, ifindex)
                .attribute(IFA_LOCAL, address.getAddress())
                .attribute(IFA_ADDRESS, address.getAddress());
        try {
            exchange(request, "RTM_DELADDR", ifname, "address " + address.getHostAddress() + "/" + prefix, -1, null);
            return DeleteResult.DELETED;
        } catch (NativeException e) {
            if (e.is(Errno.EADDRNOTAVAIL)) {
                return DeleteResult.NOT_PRESENT;
            }
            throw e;
        }
    }

    private static void checkPrefix6(int prefix) {
        if (prefix < 0 || prefix > 128) {
            throw new IllegalArgumentException("IPv6 prefix length must be 0..128, got " + prefix);
        }
    }

    /** keepalived's rule (from iproute2): a label begins with its interface's name, e.g. eth0:1. */
    static void checkLabel(String label, String interfaceName) {
        if (!label.startsWith(interfaceName)) {
            throw new IllegalArgumentException("address label \"" + label + "\" must begin with the interface name \""
                    + interfaceName + "\" (e.g. " + interfaceName + ":1)");
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException(
                    "address label \"" + label + "\" is longer than " + MAX_LABEL_LENGTH + " characters");
        }
        if (!label.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException(
                    "address label \"" + label + "\" must be printable ASCII without spaces");
        }
    }

    private static void checkPrefix(int prefix) {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("IPv4 prefix length must be 0..32, got " + prefix);
        }
    }

    private String interfaceName(int ifindex) throws IOException {
        return link(ifindex)
                .map(Link::name)
                .orElseThrow(() -> new NativeException("RTM_GETLINK", Errno.ENODEV.number(), "#" + ifindex, null));
    }

    /** Called for each answer of the expected type: the datagram and the message's offset in it. */
    @FunctionalInterface
    interface MessageHandler {
        void accept(ByteBuffer datagram, int offset);
    }

    /**
     * Sends {@code request} and reads answers until the ack, NLMSG_DONE or an
     * error; messages of type {@code answerType} go to {@code handler}.
     */
    synchronized void exchange(
            NetlinkMessages.Request request,
            String call,
            String ifname,
            String subject,
            int answerType,
            MessageHandler handler)
            throws IOException {
        ByteBuffer message = request.finish();
        int seq = message.getInt(NLMSG_SEQ);
        socket.send(message, call, ifname);
        while (true) {
            ByteBuffer datagram = socket.receive(ANSWER_TIMEOUT_MILLIS, call);
            if (datagram == null) {
                throw new IOException(call + " got no answer from the kernel within " + ANSWER_TIMEOUT_MILLIS + " ms");
            }
            try {
                if (answered(datagram, seq, call, ifname, subject, answerType, handler)) {
                    return;
                }
            } catch (MalformedNetlinkMessageException e) {
                throw new IOException(call + " got a malformed answer from the kernel: " + e.getMessage(), e);
            }
        }
    }

    /** Handles one datagram of answers to request {@code seq}: true once the ack, NLMSG_DONE or an error came. */
    static boolean answered(
            ByteBuffer datagram,
            int seq,
            String call,
            String ifname,
            String subject,
            int answerType,
            MessageHandler handler)
            throws IOException {
        int offset = 0;
        while (offset + NetlinkMessages.NLMSG_HDRLEN <= datagram.limit()) {
            int length = datagram.getInt(offset + NLMSG_LEN);
            if (length < NetlinkMessages.NLMSG_HDRLEN || length > datagram.limit() - offset) {
                break; // (not offset + length: a huge length would overflow past the check)
            }
            int type = datagram.getShort(offset + NLMSG_TYPE) & 0xFFFF;
            if (datagram.getInt(offset + NLMSG_SEQ) == seq) {
                if (type == NLMSG_ERROR) {
                    String[] detail = new String[1];
                    int errno = NetlinkMessages.parseError(datagram, offset, detail);
                    if (errno == 0) {
                        return true;
                    }
                    String what = subject;
                    if (detail[0] != null && !detail[0].isEmpty()) {
                        what = (what == null ? "" : what + " ") + "(kernel: " + detail[0] + ")";
                    }
                    throw new NativeException(call, errno, ifname, what);
                }
                if (type == NLMSG_DONE) {
                    return true;
                }
                if (type == answerType && handler != null) {
                    handler.accept(datagram, offset);
                }
            }
            offset += NetlinkMessages.align(length);
        }
        return false;
    }

    /** The sequence number for the next request (for requests built elsewhere in this package). */
    int nextSequence() {
        return socket.nextSequence();
    }

    @Override
    public void close() {
        socket.close();
    }
}
