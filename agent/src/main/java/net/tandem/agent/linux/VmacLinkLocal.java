package net.tandem.agent.linux;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.Optional;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.node.DataPlaneException;

/**
 * The link-local address an IPv6 instance's VMAC gets, chosen as keepalived chooses it (vrrp_vmac.c,
 * set_link_local_address): the configured source ({@code unicast_src_ip} or {@code mcast_src_ip}) when there is one,
 * else the base interface's own link-local address, else the EUI-64 address of the base interface's MAC (what the
 * kernel would have made for the base). Never one made from the virtual router MAC (RFC 5798 §7.4): the adverts must
 * come from the router's own address, which is also its tie-breaker between equal priorities (§6.4.3).
 */
final class VmacLinkLocal {

    /** keepalived adds it as a /64, the link-local prefix. */
    static final int PREFIX = 64;

    private VmacLinkLocal() {}

    static Inet6Address of(VrrpInstanceConfig c, Link base, Rtnetlink rtnetlink)
            throws IOException, DataPlaneException {
        Optional<InetAddress> configured = c.unicastSourceAddress().or(c::mcastSourceAddress);
        if (configured.isPresent()) {
            if (configured.get() instanceof Inet6Address a) {
                return a;
            }
            throw new DataPlaneException(
                    c.name() + ": the source address " + configured.get().getHostAddress() + " is not IPv6");
        }
        return rtnetlink.addresses6(base.index()).stream()
                .filter(Link6Address::isLinkLocal)
                .min(Comparator.comparing(Link6Address::isTentative))
                .map(Link6Address::address)
                .orElseGet(() -> eui64(base.mac()));
    }

    /** fe80::/64 with the modified EUI-64 interface identifier of {@code mac} (RFC 4291 appendix A). */
    static Inet6Address eui64(MacAddress mac) {
        byte[] m = mac.bytes();
        byte[] a = new byte[16];
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        a[8] = (byte) (m[0] ^ 0x02);
        a[9] = m[1];
        a[10] = m[2];
        a[11] = (byte) 0xff;
        a[12] = (byte) 0xfe;
        a[13] = m[3];
        a[14] = m[4];
        a[15] = m[5];
        try {
            return (Inet6Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an address
        }
    }
}
