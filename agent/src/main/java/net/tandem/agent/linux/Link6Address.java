package net.tandem.agent.linux;

import static net.tandem.agent.linux.NetlinkMessages.IFADDRMSG;
import static net.tandem.agent.linux.NetlinkMessages.IFA_ADDRESS;
import static net.tandem.agent.linux.NetlinkMessages.IFA_FAMILY;
import static net.tandem.agent.linux.NetlinkMessages.IFA_FLAGS;
import static net.tandem.agent.linux.NetlinkMessages.IFA_FLAGS_BYTE;
import static net.tandem.agent.linux.NetlinkMessages.IFA_INDEX;
import static net.tandem.agent.linux.NetlinkMessages.IFA_LOCAL;
import static net.tandem.agent.linux.NetlinkMessages.IFA_PREFIXLEN;
import static net.tandem.agent.linux.NetlinkMessages.IFA_SCOPE;
import static net.tandem.agent.linux.NetlinkMessages.NLMSG_HDRLEN;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import net.tandem.agent.config.IpAddresses;

/** An IPv6 address configured on a link (struct ifaddrmsg + IFA_ADDRESS / IFA_LOCAL, IFA_FLAGS). */
public record Link6Address(int ifindex, Inet6Address address, int prefixLength, AddressScope scope, int flags) {

    // linux/if_addr.h
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int RT_SCOPE_LINK = 253;

    /** A link-local address (fe80::/10): what IPv6 adverts are sent from (RFC 5798 §5.1.2.1). */
    public boolean isLinkLocal() {
        return address.isLinkLocalAddress();
    }

    /** Still being checked for duplicates (DAD): the kernel will not send from it yet. */
    public boolean isTentative() {
        return (flags & IFA_F_TENTATIVE) != 0;
    }

    /** Parses an RTM_NEWADDR message at {@code offset}; null when it is not an IPv6 address. */
    static Link6Address parse(ByteBuffer message, int offset) {
        int length = NetlinkMessages.checkedLength(message, offset, (int) IFADDRMSG.byteSize(), "address");
        int body = offset + NLMSG_HDRLEN;
        if (message.get(body + IFA_FAMILY) != Ipv6.AF_INET6) {
            return null;
        }
        int prefix = message.get(body + IFA_PREFIXLEN) & 0xFF;
        int flags = message.get(body + IFA_FLAGS_BYTE) & 0xFF;
        int scope = message.get(body + IFA_SCOPE) & 0xFF;
        int ifindex = message.getInt(body + IFA_INDEX);
        ByteBuffer[] attrs =
                NetlinkMessages.attributes(message, body + (int) IFADDRMSG.byteSize(), offset + length, IFA_FLAGS);
        // IPv6 puts the address in IFA_ADDRESS (IFA_LOCAL only for point-to-point peers).
        ByteBuffer local = attrs[IFA_LOCAL] != null ? attrs[IFA_LOCAL] : attrs[IFA_ADDRESS];
        if (local == null || local.remaining() != 16) {
            return null;
        }
        if (attrs[IFA_FLAGS] != null && attrs[IFA_FLAGS].remaining() >= 4) {
            flags = attrs[IFA_FLAGS].getInt(0);
        }
        return new Link6Address(
                ifindex, Ipv6.address(NetlinkMessages.bytes(local)), prefix, new AddressScope(scope), flags);
    }

    @Override
    public String toString() {
        return IpAddresses.show(address) + "/" + prefixLength + " scope " + scope;
    }
}
