package net.tandem.agent.control;

import java.time.Instant;
import net.tandem.agent.vrrp.State;

/** What WatchEvents streams after its first snapshot. Produced on the event loop. */
public sealed interface AgentEvent {
    Instant at();

    record TransitionEvent(Instant at, String instance, State from, State to, String reason) implements AgentEvent {}

    /** {@code override}: the operator's override in force after the change, if any. */
    record PriorityEvent(
            Instant at,
            String instance,
            int oldPriority,
            int newPriority,
            String reason,
            java.util.OptionalInt override)
            implements AgentEvent {}

    record TrackerEvent(Instant at, String instance, String tracker, boolean ok, String detail) implements AgentEvent {}

    /** An operator's command and its outcome (also in the audit log). */
    record CommandEvent(Instant at, String command, String outcome) implements AgentEvent {}

    /**
     * Advert timing of one instance: sent by the agent at most a few times a second per instance,
     * so that a 10 ms instance cannot flood a slow client.
     */
    record AdvertTimingEvent(
            Instant at,
            String instance,
            long lastAdvertReceivedAgoNanos,
            long lastAdvertSentAgoNanos,
            long masterDownRemainingNanos)
            implements AgentEvent {}

    /**
     * Two routers are Master of the instance's VRID at once as this node sees it ({@code active}), or no longer
     * are. {@code masters}: the other masters heard (ages measured at {@code at}); {@code selfMaster}: this node is
     * one of them.
     */
    record SplitBrainEvent(
            Instant at,
            String instance,
            boolean active,
            java.util.List<InstanceStatus.HeardMaster> masters,
            boolean selfMaster,
            String detail)
            implements AgentEvent {
        public SplitBrainEvent {
            masters = java.util.List.copyOf(masters);
        }
    }
}
