package net.tandem.agent.vrrp.packet;

/**
 * Why a received packet was dropped. One constant per receive-side check of RFC 3768 §7.1 and
 * RFC 5798 §7.1, so that an operator can always answer "why was that packet ignored?".
 * The codec reports the ones about the packet itself; the instance reports the ones about
 * whether the packet is meant for it. Names follow keepalived's counters where it has one.
 */
public enum DiscardReason {
    // -- the packet itself (AdvertCodec) --
    /** The IPv4 header is malformed, or the protocol is not 112. */
    IP_HEADER,
    /**
     * Multicast: the IPv4 TTL (Hop Limit) is not 255, so the packet may have crossed a router. Unicast: the TTL is
     * outside the peer's {@code min_ttl}..{@code max_ttl}. The codec reports it when asked to check
     * ({@link TtlCheck#EXACTLY_255}); the agent leaves it to the instance, which knows which rule applies.
     */
    IP_TTL,
    /** Shorter than the fixed header, or the IP address count does not fit the length. */
    PACKET_LENGTH,
    /** The Version field is neither 2 nor 3, or not the version the instance runs. */
    VERSION,
    /** The Type field is not 1 (ADVERTISEMENT). */
    INVALID_TYPE,
    /** The VRRP checksum is wrong. */
    CHECKSUM,
    /** v2: the Auth Type field holds an unknown value. */
    INVALID_AUTH_TYPE,

    // -- whether it is for this instance (the state machine) --
    /** No instance with this VRID on the receiving interface. */
    VRID_UNKNOWN,
    /** This router owns the addresses (priority 255): RFC 5798 §7.1 says discard. */
    OWNER,
    /** v2: the Auth Type differs from the configured one. */
    AUTH_TYPE_MISMATCH,
    /** v2: the password differs from the configured one. */
    AUTH_FAILURE,
    /** v2: the Adver Int differs from the configured one (RFC 3768 §7.1). */
    ADVERT_INTERVAL,
    /** The address list differs from the configured one, whatever the priority (keepalived; the RFC exempts the owner). */
    ADDRESS_LIST,
    /** Unicast mode: the sender is not one of the configured unicast_peer addresses. */
    UNKNOWN_PEER,

    // -- where and how it arrived (the receive path) --
    /**
     * IP_PKTINFO says the packet arrived on another interface than the one the socket serves (or
     * says nothing): the socket is bound to its interface, so this is a check the kernel should
     * make true, kept so that a packet from elsewhere never reaches this interface's instances.
     */
    ARRIVAL_INTERFACE,
    /** The event loop's queue of received packets was full (a flood, or a stalled loop): dropped, never queued. */
    QUEUE_FULL,
}
