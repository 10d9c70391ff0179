package net.tandem.agent.node;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.SimulatedLan;

/**
 * A node's data plane on the simulated LAN: one interface, {@code eth0}, always up, whose
 * address is the node's; an instance on any other interface is refused as the kernel would.
 */
final class SimulatedDataPlane implements DataPlane {
    private final SimulatedLan.Node node;
    private final InetAddress address;

    SimulatedDataPlane(SimulatedLan.Node node, InetAddress address) {
        this.node = node;
        this.address = address;
    }

    @Override
    public PreparedInstance prepare(VrrpInstanceConfig c, boolean removeLeftovers) throws DataPlaneException {
        if (!c.interfaceName().equals(SimulatedLan.INTERFACE)) {
            throw new DataPlaneException(
                    c.name() + ": interface " + c.interfaceName() + " does not exist on this node");
        }
        InstanceSettings settings = InstanceSettingsFromConfig.of(c, address);
        return new PreparedInstance(c, SimulatedLan.INTERFACE, true, settings, node.port(settings), trackedLinks(c));
    }

    @Override
    public Map<String, Boolean> trackedLinks(VrrpInstanceConfig c) {
        Map<String, Boolean> up = new HashMap<>();
        c.trackInterfaces().forEach(t -> up.put(t.name(), t.name().equals(SimulatedLan.INTERFACE)));
        return up;
    }

    @Override
    public void startReceiving() {}

    @Override
    public Set<InetAddress> addresses(String interfaceName) {
        return interfaceName.equals(SimulatedLan.INTERFACE) ? new HashSet<>(node.addresses()) : Set.of();
    }
}
