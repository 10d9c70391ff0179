package net.tandem.agent.vrrp;

import net.tandem.agent.vrrp.packet.Advert;

/**
 * What an instance asks of the network: the "port" between the protocol and the world. The
 * Linux data plane implements it with raw sockets, rtnetlink and AF_PACKET; the simulated LAN
 * of the tests implements it with virtual time. Calls come from the event loop and must not
 * block; failures are the implementation's to log and count.
 */
public interface InstanceNetwork {
    /** Sends the advert to 224.0.0.18, or to each unicast peer, from the primary address. */
    void sendAdvert(Advert advert);

    /** Adds the virtual addresses to the interface (on becoming Master). */
    void addVirtualAddresses();

    /** Removes the virtual addresses from the interface (on leaving Master). */
    void removeVirtualAddresses();

    /**
     * Removes the virtual addresses this network holds that {@code successor} does not (a reload
     * changed the list under a Master); the ones both hold stay where they are.
     */
    void removeVirtualAddressesNotIn(InstanceNetwork successor);

    /** Sends one gratuitous ARP for each virtual address. */
    void sendGratuitousArps();
}
