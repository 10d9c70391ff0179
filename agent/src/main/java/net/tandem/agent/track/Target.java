package net.tandem.agent.track;

/**
 * An instance that tracks a script or file, with the weight that applies to it (its own
 * {@code track_script ... weight N [reverse]}, else the script's). keepalived's {@code reverse}
 * turns the tracked thing upside down: a check that is up counts as down, and the weight's sign
 * flips, so "weight 0 reverse" means FAULT while the check succeeds.
 */
public record Target(InstanceHealth health, int weight, boolean reverse) {}
