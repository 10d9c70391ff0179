package net.tandem.agent.linux;

/**
 * What {@link RawVrrpSocket#receive} or {@link RawVrrp6Socket#receive} got: the index of the interface the
 * packet arrived on (IP_PKTINFO, IPV6_PKTINFO), how many bytes were stored (the whole IPv4
 * packet, header included; for IPv6 the rebuilt 40-byte header and the message), and whether the packet was longer
 * than the buffer, and when it arrived.
 */
public record ReceivedPacket(int ifindex, int length, boolean truncated, long receivedAt) {
    /**
     * @param receivedAt when the packet arrived, on the {@link System#nanoTime} clock: from the kernel's receive
     *     timestamp when the socket has one (SO_TIMESTAMPNS), else when the receive call returned
     */
    public ReceivedPacket {}
}
