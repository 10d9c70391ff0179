package net.tandem.console.model;

import java.time.Instant;

/** One line of the event pane: something that happened on a node (or in the console), with a reason. */
public record EventLine(Instant at, String node, Kind kind, String text) {
    public enum Kind {
        TRANSITION,
        PRIORITY,
        TRACKER,
        /** The node sees two masters of an instance at once, or no longer does. */
        SPLIT_BRAIN,
        /** A command on the node, reported by the agent. */
        COMMAND,
        /** The console's link to the node came up or went down. */
        LINK,
        /** A command this console sent, and its outcome. */
        CONSOLE_OK,
        CONSOLE_FAILED
    }
}
