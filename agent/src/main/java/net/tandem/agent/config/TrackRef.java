package net.tandem.agent.config;

import java.util.OptionalInt;

/**
 * A line of {@code track_interface}, {@code track_script} or {@code track_file}: {@code NAME [weight N [reverse]]}.
 * Without a weight the tracked thing's own weight applies (for an interface: going down means FAULT).
 * {@code fromSyncGroup}: written in the instance's {@code vrrp_sync_group}, not in the instance; keepalived
 * keeps such a weight, where it zeroes the weights written in a member instance.
 */
public record TrackRef(String name, OptionalInt weight, boolean reverse, SourcePos pos, boolean fromSyncGroup) {

    public TrackRef(String name, OptionalInt weight, boolean reverse, SourcePos pos) {
        this(name, weight, reverse, pos, false);
    }

    /** This line as the sync group's, applied to a member; {@code weight} replaces the written one. */
    TrackRef forGroupMember(OptionalInt weight) {
        return new TrackRef(name, weight, reverse, pos, true);
    }
}
