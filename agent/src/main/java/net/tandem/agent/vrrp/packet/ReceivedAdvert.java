package net.tandem.agent.vrrp.packet;

import java.net.Inet4Address;

/** A decoded advert with what the IPv4 header said about it. */
public record ReceivedAdvert(Inet4Address source, Inet4Address destination, int ttl, Advert advert) {}
