package net.tandem.agent.vrrp.packet;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP ADVERTISEMENT, as carried on the wire (RFC 3768 §5, RFC 5798 §5), IPv4 only.
 *
 * <p>The record holds what the packet said, not what is valid to send: a decoded advert may carry
 * VRID 0 or no addresses, and it is the state machine's job to refuse those.
 * {@link AdvertCodec#encode} checks the ranges below before it writes anything.
 *
 * @param version        2 or 3
 * @param vrid           Virtual Rtr ID, 1..255
 * @param priority       0..255; 0 = the master is leaving, 255 = the address owner
 * @param advertInterval v2: Adver Int in seconds (8 bits); v3: Max Adver Int in centiseconds (12 bits)
 * @param addresses      the virtual addresses, in packet order (copied: the list is immutable)
 * @param authType       v2 Auth Type; always NONE for v3
 * @param password       v2 PASS: the password with trailing zero bytes removed (ISO-8859-1); "" otherwise
 */
public record Advert(
        VrrpVersion version,
        int vrid,
        int priority,
        int advertInterval,
        List<InetAddress> addresses,
        AuthType authType,
        String password) {

    public Advert {
        Objects.requireNonNull(version, "version");
        addresses = List.copyOf(addresses); // no copy when it already is an immutable list, as decode's is
        Objects.requireNonNull(authType, "authType");
        Objects.requireNonNull(password, "password (use \"\" when there is none)");
    }

    /** The advert interval in nanoseconds, whatever the version's unit. */
    public long advertIntervalNanos() {
        return version == VrrpVersion.V2 ? advertInterval * 1_000_000_000L : advertInterval * 10_000_000L;
    }
}
