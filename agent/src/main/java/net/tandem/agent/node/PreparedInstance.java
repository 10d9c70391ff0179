package net.tandem.agent.node;

import java.util.Map;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.vrrp.InstanceNetwork;
import net.tandem.agent.vrrp.InstanceSettings;

/**
 * What an instance needs from the machine, found off the loop before it is installed.
 *
 * @param interfaceName where its adverts arrive
 * @param linkUp whether that interface is up now (if not, the instance starts in FAULT)
 * @param trackedUp whether each {@code track_interface} is up now, by name
 */
public record PreparedInstance(
        VrrpInstanceConfig config,
        String interfaceName,
        boolean linkUp,
        InstanceSettings settings,
        InstanceNetwork network,
        Map<String, Boolean> trackedUp) {}
