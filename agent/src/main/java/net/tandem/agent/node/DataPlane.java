package net.tandem.agent.node;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.VrrpInstanceConfig;

/**
 * What the node model needs from the machine under it: an instance's interface, socket and
 * addresses, the state of the links it tracks, and what addresses an interface really holds.
 * Production talks to the kernel ({@code LinuxDataPlane}); tests give a simulated LAN. Every
 * method may wait for the kernel, so none is called on the event loop.
 */
public interface DataPlane {
    /**
     * Looks up and opens what instance {@code c} needs. With {@code removeLeftovers} (at startup
     * and for an added instance, never under a running one), addresses of {@code c} left on the
     * interfaces by an earlier run are removed first: a crashed master must not come back
     * believing it holds a VIP.
     */
    PreparedInstance prepare(VrrpInstanceConfig c, boolean removeLeftovers) throws DataPlaneException;

    /** Whether each interface in {@code c}'s {@code track_interface} is up now, by name. */
    Map<String, Boolean> trackedLinks(VrrpInstanceConfig c) throws DataPlaneException;

    /** Starts listening for adverts on every interface {@link #prepare} opened since the last call. */
    void startReceiving();

    /** The IPv4 addresses the interface holds now (empty if it does not exist or cannot be read). */
    Set<InetAddress> addresses(String interfaceName);

    /**
     * After a reload: lets go of what was made for instances {@code running} no longer has (a removed
     * instance's VMAC interface), after the address removals already handed over.
     */
    default void retainOnly(KeepalivedConfig running) {}
}
