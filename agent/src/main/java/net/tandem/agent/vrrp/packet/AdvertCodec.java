package net.tandem.agent.vrrp.packet;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * Builds and parses VRRP adverts, and nothing else: no sockets, no policy. "Is this a valid
 * packet" is answered here; "is it for me, and what does it mean" is the state machine's job.
 */
public final class AdvertCodec {
    private AdvertCodec() {}

    /**
     * Writes the VRRP part of an advert (no IP header) into {@code out} at its position, with the
     * checksum filled in. v3's checksum covers the IPv4 pseudo-header, hence source and destination.
     *
     * @return the number of bytes written
     */
    public static int encode(Advert advert, Inet4Address source, Inet4Address destination, ByteBuffer out) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Decodes the VRRP part of a packet whose IPv4 header said source, destination and ttl. */
    public static ReceivedAdvert decode(Inet4Address source, Inet4Address destination, int ttl, ByteBuffer vrrp)
            throws AdvertDecodeException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Decodes a whole IPv4 packet as a raw socket delivers it: IPv4 header, then the VRRP part. */
    public static ReceivedAdvert decodeIpv4(ByteBuffer ipPacket) throws AdvertDecodeException {
        throw new UnsupportedOperationException("not yet");
    }
}
