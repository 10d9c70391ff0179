package net.tandem.agent.control;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Everything the control API says about a node, taken at one instant on the event loop (so it is
 * consistent) and then read from any thread (it is immutable).
 *
 * @param configLoadedAt when the running configuration was loaded (startup or the last reload)
 */
public record NodeStatus(
        String routerId,
        String version,
        Instant startedAt,
        boolean maintenance,
        Path configFile,
        Instant configLoadedAt,
        List<InstanceStatus> instances) {

    public NodeStatus {
        instances = List.copyOf(instances);
    }
}
