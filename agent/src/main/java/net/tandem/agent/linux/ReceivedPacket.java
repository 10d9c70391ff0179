package net.tandem.agent.linux;

/**
 * What {@link RawVrrpSocket#receive} got: the index of the interface the
 * packet arrived on (IP_PKTINFO), how many bytes were stored (the whole IPv4
 * packet, header included), and whether the packet was longer than the buffer.
 */
public record ReceivedPacket(int ifindex, int length, boolean truncated) {}
