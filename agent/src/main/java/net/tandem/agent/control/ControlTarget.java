package net.tandem.agent.control;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the control plane (gRPC service, metrics) may see and do of an agent. The agent
 * implements it by handing each call to its event loop and waiting for the answer; tests
 * implement it with a fake. Every command either succeeds, returning a sentence that says what
 * happened, or throws {@link ControlException} and changes nothing.
 */
public interface ControlTarget {
    NodeStatus status();

    /**
     * This node becomes Master of the instance now: it advertises a priority above the current
     * master's (at most 254, so keepalived peers obey too), and the old master steps down at once.
     * The override lasts until {@link #release} or {@link #clearPriority}.
     */
    String takeover(String instance) throws ControlException;

    /** Send priority 0 and go Backup, so that the best backup takes over after Skew_Time; stay Backup. */
    String release(String instance) throws ControlException;

    /** Override the effective priority (1..254). */
    String setPriority(String instance, int priority) throws ControlException;

    /** Remove any override (takeover, release, SetPriority): the computed priority applies again. */
    String clearPriority(String instance) throws ControlException;

    /** On: every instance gives its VIPs away and stays Backup. Off: back to normal election. */
    String setMaintenance(boolean on) throws ControlException;

    /** Reload the configuration file, with the same rules as SIGHUP; returns the errors of a bad file. */
    ReloadResult reload();

    /** Events from now on, on a thread of the agent's: the consumer must not block (queue and return). */
    AutoCloseable subscribe(Consumer<AgentEvent> listener);

    record ReloadResult(boolean applied, List<String> diagnostics, String summary) {}
}
