package net.tandem.console.model;

import java.time.Instant;

/** What a node reports after its snapshot, in the order it happened there. */
public sealed interface NodeEvent {
    /** When it happened, by the agent's clock. */
    Instant at();

    record Transition(Instant at, String instance, VrrpState from, VrrpState to, String reason) implements NodeEvent {}

    record PriorityChange(
            Instant at,
            String instance,
            int oldPriority,
            int newPriority,
            String reason,
            java.util.OptionalInt override)
            implements NodeEvent {}

    record TrackerChange(Instant at, String instance, String tracker, boolean ok, String detail) implements NodeEvent {}

    /** An operator's command on that node (from this console or anyone else) and its outcome. */
    record CommandDone(Instant at, String command, String outcome) implements NodeEvent {}

    /** Fresh advert timing for one instance; -1 where it does not apply. Not shown in the event pane. */
    record AdvertTiming(
            Instant at,
            String instance,
            long lastAdvertReceivedAgoNanos,
            long lastAdvertSentAgoNanos,
            long masterDownRemainingNanos)
            implements NodeEvent {}

    /**
     * The node sees two masters of the instance at once ({@code active}), or no longer does; {@code who}: the
     * masters it hears, e.g. "192.0.2.9 (priority 50), this node".
     */
    record SplitBrain(Instant at, String instance, boolean active, String who) implements NodeEvent {}
}
