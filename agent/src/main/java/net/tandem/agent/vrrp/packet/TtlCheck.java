package net.tandem.agent.vrrp.packet;

/**
 * Whether {@link AdvertCodec} checks the IPv4 TTL itself. Which TTL is right depends on the
 * instance the advert is for (multicast: 255, RFC 5798 §7.1; unicast: the peer's {@link TtlRange},
 * keepalived's rule), and an interface's receiver only learns that after decoding, from the VRID.
 */
public enum TtlCheck {
    /** The codec refuses anything but TTL 255 ({@link DiscardReason#IP_TTL}): the RFCs' rule. */
    EXACTLY_255,
    /** The codec accepts any TTL and reports it in {@link ReceivedAdvert#ttl()}; the instance decides. */
    LEFT_TO_INSTANCE,
}
