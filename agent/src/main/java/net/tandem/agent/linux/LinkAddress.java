package net.tandem.agent.linux;

import java.net.Inet4Address;

/**
 * An IPv4 address configured on a link (struct ifaddrmsg + IFA_LOCAL,
 * IFA_LABEL, IFA_BROADCAST, IFA_FLAGS). {@code label} is the interface name when
 * no label was given; {@code broadcast} may be null.
 */
public record LinkAddress(
        int ifindex,
        Inet4Address address,
        int prefixLength,
        String label,
        Inet4Address broadcast,
        AddressScope scope,
        int flags) {

    // linux/if_addr.h
    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_PERMANENT = 0x80;

    /** A secondary address: another address on the link already covers its subnet. */
    public boolean isSecondary() {
        return (flags & IFA_F_SECONDARY) != 0;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " scope " + scope + " " + label;
    }
}
