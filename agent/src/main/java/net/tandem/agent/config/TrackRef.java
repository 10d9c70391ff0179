package net.tandem.agent.config;

import java.util.OptionalInt;

/**
 * A line of {@code track_interface}, {@code track_script} or {@code track_file}: {@code NAME [weight N [reverse]]}.
 * Without a weight the tracked thing's own weight applies (for an interface: going down means FAULT).
 */
public record TrackRef(String name, OptionalInt weight, boolean reverse, SourcePos pos) {}
