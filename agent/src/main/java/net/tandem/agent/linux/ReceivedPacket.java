package net.tandem.agent.linux;

/**
 * What {@link RawVrrpSocket#receive} or {@link RawVrrp6Socket#receive} got: the index of the interface the
 * packet arrived on (IP_PKTINFO, IPV6_PKTINFO), how many bytes were stored (the whole IPv4
 * packet, header included; for IPv6 the rebuilt 40-byte header and the message), and whether the packet was longer
 * than the buffer.
 */
public record ReceivedPacket(int ifindex, int length, boolean truncated) {}
