package net.tandem.agent.linux;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Where an instance's adverts leave: the interface's raw VRRP socket of the instance's family. */
public interface AdvertSocket {
    String interfaceName();

    /**
     * Sends the VRRP message {@code vrrpPayload} (position to limit; the position is not moved) from {@code source}
     * to {@code destination} (the group or a unicast peer) with this TTL / Hop Limit.
     */
    void send(ByteBuffer vrrpPayload, InetAddress source, InetAddress destination, int ttl) throws IOException;
}
