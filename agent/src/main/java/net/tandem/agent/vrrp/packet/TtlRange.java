package net.tandem.agent.vrrp.packet;

/**
 * The TTLs accepted on adverts from one unicast peer: keepalived's per-peer {@code min_ttl} and
 * {@code max_ttl} (default 0..255, i.e. any). A routed peer's adverts arrive with less than 255,
 * so unicast cannot insist on 255 the way multicast does (RFC 5798 §7.1); the range is the
 * operator's way to say how many hops away the peer may be. min above max accepts nothing, as in
 * keepalived (which warns; so does Tandem's configuration check).
 */
public record TtlRange(int min, int max) {
    /** Any TTL: keepalived's default for a peer without {@code min_ttl}/{@code max_ttl}. */
    public static final TtlRange ANY = new TtlRange(0, 255);

    public TtlRange {
        if (min < 0 || min > 255 || max < 0 || max > 255) {
            throw new IllegalArgumentException("TTL range " + min + ".." + max + " is outside 0..255");
        }
    }

    public boolean contains(int ttl) {
        return ttl >= min && ttl <= max;
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
