package net.tandem.agent.vrrp.packet;

import java.net.Inet4Address;
import java.util.List;

/**
 * One VRRP ADVERTISEMENT, as carried on the wire (RFC 3768 §5, RFC 5798 §5), IPv4 only.
 *
 * @param version        2 or 3
 * @param vrid           Virtual Rtr ID, 1..255
 * @param priority       0..255; 0 = the master is leaving, 255 = the address owner
 * @param advertInterval v2: Adver Int in seconds (8 bits); v3: Max Adver Int in centiseconds (12 bits)
 * @param addresses      the virtual addresses, in packet order
 * @param authType       v2 Auth Type; always NONE for v3
 * @param password       v2 PASS: the password with trailing zero bytes removed (ISO-8859-1); "" otherwise
 */
public record Advert(
        VrrpVersion version,
        int vrid,
        int priority,
        int advertInterval,
        List<Inet4Address> addresses,
        AuthType authType,
        String password) {

    /** The advert interval in nanoseconds, whatever the version's unit. */
    public long advertIntervalNanos() {
        return version == VrrpVersion.V2 ? advertInterval * 1_000_000_000L : advertInterval * 10_000_000L;
    }
}
