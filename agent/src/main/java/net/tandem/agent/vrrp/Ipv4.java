package net.tandem.agent.vrrp;

import java.net.Inet4Address;

/** IPv4 addresses as the protocol compares them: as unsigned 32-bit numbers (RFC 5798 §6.4.3). */
public final class Ipv4 {
    private Ipv4() {}

    public static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** Negative, zero or positive as {@code a} is lower than, equal to or higher than {@code b}. */
    public static int compare(Inet4Address a, Inet4Address b) {
        return Integer.compareUnsigned(toInt(a), toInt(b));
    }
}
