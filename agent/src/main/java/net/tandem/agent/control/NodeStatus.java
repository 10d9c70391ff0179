package net.tandem.agent.control;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Everything the control API says about a node, taken at one instant on the event loop (so it is
 * consistent) and then read from any thread (it is immutable).
 *
 * @param configLoadedAt when the running configuration was loaded (startup or the last reload)
 * @param scripts each {@code vrrp_script} the configuration declares, as its checker sees it now
 * @param loopMaxLatenessNanos the latest the event loop has fired a timer since the agent started (0: never late)
 */
public record NodeStatus(
        String routerId,
        String version,
        Instant startedAt,
        boolean maintenance,
        Path configFile,
        Instant configLoadedAt,
        List<InstanceStatus> instances,
        List<ScriptStatus> scripts,
        long loopMaxLatenessNanos) {

    public NodeStatus {
        instances = List.copyOf(instances);
        scripts = List.copyOf(scripts);
    }
}
