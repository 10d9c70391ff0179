package net.tandem.agent.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Addresses as the protocol compares them: as unsigned numbers (RFC 5798 §6.4.3, "the primary IPvX Address"), 32
 * bits for IPv4 and 128 for IPv6. An instance is one family, so only addresses of one family are ever compared.
 */
public final class Ipv4 {
    private Ipv4() {}

    public static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /**
     * Negative, zero or positive as {@code a} is lower than, equal to or higher than {@code b}, both taken as
     * big-endian unsigned numbers (an IPv4 address sorts below an IPv6 one, which never matters: see above).
     */
    public static int compare(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        return Arrays.compareUnsigned(x, y);
    }
}
