package net.tandem.agent.vrrp.packet;

import java.net.InetAddress;

/** A decoded advert with what the IPv4 header said about it. */
public record ReceivedAdvert(InetAddress source, InetAddress destination, int ttl, Advert advert) {}
