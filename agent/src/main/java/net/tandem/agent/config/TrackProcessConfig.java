package net.tandem.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * A {@code track_process} (or {@code vrrp_track_process}) block: how many processes matching a name or command line
 * must run for the tracker to be up. keepalived.conf(5), "VRRP track processes".
 *
 * @param process        {@code process}: the process name (as in /proc/PID/comm), or with {@link #fullCommand} the
 *                       program as the first word of its command line
 * @param params         the words after the name on the {@code process} line; compared per {@link #paramMatch}
 * @param paramMatch     how {@link #params} are compared; {@link ParamMatch#NONE} when parameters are not looked at
 * @param fullCommand    match the command line (/proc/PID/cmdline) rather than the process name; implied by params
 *                       and by {@code param_match}
 * @param quorum         fewest matching processes for the tracker to be up, default 1 (0 when {@code quorum_max 0})
 * @param quorumMax      most matching processes for it to be up; {@link #UNLIMITED} when not written
 * @param forkDelay      how long a gained quorum must last before the tracker counts as up, default 0
 * @param terminateDelay how long a lost quorum must last before the tracker counts as down, default 0
 * @param weight         -254..254, default 0 (down means FAULT)
 */
public record TrackProcessConfig(
        String name,
        SourcePos declaredAt,
        String process,
        List<String> params,
        ParamMatch paramMatch,
        boolean fullCommand,
        int quorum,
        int quorumMax,
        Duration forkDelay,
        Duration terminateDelay,
        int weight,
        boolean weightReverse) {

    /** {@code quorum_max} not written: any number of processes above the quorum is fine. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public TrackProcessConfig {
        params = List.copyOf(params);
    }

    /** keepalived's {@code param_match}: how the configured parameters are compared with a command line's. */
    public enum ParamMatch {
        /** Parameters are not compared (no parameters configured and no {@code param_match}). */
        NONE,
        /** The parameters are exactly those configured (none, when none are configured). */
        EXACT,
        /** The first parameters are those configured; more may follow. */
        PARTIAL,
        /** As PARTIAL, and the last configured parameter need only be the start of the process's. */
        INITIAL
    }

    /** Whether {@code count} matching processes make the tracker up: within [quorum, quorum_max]. */
    public boolean hasQuorum(int count) {
        return count >= quorum && count <= quorumMax;
    }
}
