package net.tandem.agent.track;

import java.util.Objects;

/**
 * A tracker of an instance and what it does now: whether what it watches is OK, its weight, and
 * what it adds to (or takes from) the priority. The control layer turns it into its messages.
 */
public record TrackerStatus(TrackerKey key, boolean ok, int weight, int contribution) {
    public TrackerStatus {
        Objects.requireNonNull(key, "key");
    }
}
