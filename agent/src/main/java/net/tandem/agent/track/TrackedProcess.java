package net.tandem.agent.track;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.tandem.agent.config.TrackProcessConfig;
import net.tandem.agent.time.Scheduler;
import net.tandem.agent.time.Timer;

/**
 * One {@code track_process}: up while the number of matching processes is within [quorum, quorum_max]
 * (keepalived.conf(5), "VRRP track processes"). The first count decides at once, as keepalived decides at start;
 * after that a gained quorum counts only once it has lasted {@code fork_delay}, and a lost one once it has lasted
 * {@code terminate_delay}, so that a daemon restarting (or forking and exec'ing) does not bounce the VIP. A count that
 * returns to the current state before its delay is over changes nothing. The counts come from
 * {@link TrackedProcesses}; everything here runs on the event loop.
 *
 * <p>Weights as for a script: positive adds while up, negative takes away while down, 0 means FAULT while down;
 * {@code reverse} turns up and down over.
 */
public final class TrackedProcess {
    private static final System.Logger LOG = System.getLogger(TrackedProcess.class.getName());

    private final TrackProcessConfig config;
    private final Timer delay;
    private final List<Target> targets = new ArrayList<>();
    private int count = -1; // -1: not counted yet
    private Boolean up; // null until the first count
    private String reason = "";

    public TrackedProcess(TrackProcessConfig config, Scheduler scheduler) {
        this.config = config;
        this.delay = scheduler.newTimer(config.name() + " quorum delay", this::delayOver);
    }

    public String name() {
        return config.name();
    }

    public TrackProcessConfig config() {
        return config;
    }

    /** Up, down, or empty before the first count. */
    public java.util.Optional<Boolean> up() {
        return java.util.Optional.ofNullable(up);
    }

    /** Matching processes at the last count; -1 before it. */
    public int count() {
        return count;
    }

    /** A new count of matching processes, from the poller. */
    void onCount(int n) {
        count = n;
        boolean quorum = config.hasQuorum(n);
        if (up == null) {
            decide(quorum);
            return;
        }
        if (quorum == up) {
            if (delay.isRunning()) {
                delay.cancel();
                LOG.log(INFO, "{0}: {1}; no change", config.name(), counted() + " again");
            }
            return;
        }
        Duration wait = quorum ? config.forkDelay() : config.terminateDelay();
        if (wait.isZero()) {
            decide(quorum);
        } else if (!delay.isRunning()) {
            delay.startIn(wait.toNanos());
            LOG.log(
                    INFO,
                    "{0}: {1}; {2} unless that changes within {3}",
                    config.name(),
                    counted(),
                    quorum ? "up" : "down",
                    Durations.show(wait));
        }
    }

    private void delayOver() {
        boolean quorum = config.hasQuorum(count);
        if (up == null || quorum != up) {
            decide(quorum);
        }
    }

    private void decide(boolean quorum) {
        delay.cancel();
        up = quorum;
        reason = config.name() + (quorum ? " up: " : " down: ") + counted();
        LOG.log(quorum ? INFO : WARNING, "{0}", reason);
        targets.forEach(this::apply);
    }

    /** "2 processes \"nginx\" running (quorum 1..unlimited)". */
    private String counted() {
        String max = config.quorumMax() == TrackProcessConfig.UNLIMITED ? "unlimited" : "" + config.quorumMax();
        return count + (count == 1 ? " process " : " processes ") + "\"" + shown() + "\" running (quorum "
                + config.quorum() + ".." + max + ")";
    }

    private String shown() {
        if (config.params().isEmpty()) {
            return config.process();
        }
        return config.process() + " " + String.join(" ", config.params());
    }

    void track(Target t) {
        targets.add(t);
        if (up != null) {
            apply(t);
        }
    }

    /** Replaces the tracking instances (after a reload); returns the ones no longer tracking. */
    List<Target> retarget(List<Target> newTargets) {
        List<Target> gone = new ArrayList<>();
        for (Target t : targets) {
            if (newTargets.stream().noneMatch(n -> n.health() == t.health())) {
                gone.add(t);
            }
        }
        targets.clear();
        newTargets.forEach(this::track);
        return gone;
    }

    /** Stops the delay timer (the tracker is no longer configured). */
    void stop() {
        delay.cancel();
    }

    private void apply(Target t) {
        TrackerKey key = TrackerKey.process(config.name());
        if (t.reverse()) {
            t.health().tracker(key, !up, -t.weight(), reason + " (reversed)");
        } else {
            t.health().tracker(key, up, t.weight(), reason);
        }
    }
}
