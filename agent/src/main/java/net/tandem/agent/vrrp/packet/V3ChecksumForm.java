package net.tandem.agent.vrrp.packet;

/**
 * What a VRRPv3-over-IPv4 checksum covers. Deployed routers disagree, because RFC 5798 §5.2.8
 * points at the IPv6 pseudo-header of RFC 2460 without saying what to do for IPv4:
 *
 * <ul>
 *   <li>keepalived (by default) and FRRouting (by default, {@code checksum-with-ipv4-pseudoheader})
 *       prepend an IPv4 pseudo-header;
 *   <li>some vendors (keepalived names Cisco) sum the VRRP message alone, like VRRPv2, and
 *       RFC 9568 §5.2.8 now says exactly that for IPv4. keepalived's {@code v3_checksum_as_v2}
 *       switches it to this form.
 * </ul>
 *
 * {@link AdvertCodec#decode} accepts either; this chooses what {@link AdvertCodec#encode} sends.
 */
public enum V3ChecksumForm {
    /**
     * IPv4 pseudo-header (source, destination, zero, protocol 112, VRRP length) + VRRP message.
     * keepalived's default, so Tandem's default.
     */
    PSEUDO_HEADER,
    /** The VRRP message only: RFC 9568 §5.2.8 for IPv4; keepalived's {@code v3_checksum_as_v2}. */
    MESSAGE_ONLY,
}
