package net.tandem.agent.track;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import net.tandem.agent.config.VrrpScriptConfig;
import net.tandem.agent.time.Scheduler;
import net.tandem.agent.time.Timer;

/**
 * One {@code vrrp_script}: run every {@code interval}, each run limited to its timeout, the
 * results counted with keepalived's rise and fall ({@link CheckState}), and every change given to
 * the instances that track it. The timer and the counting live on the event loop; the script
 * itself runs elsewhere ({@link ScriptRunner}), so a hung script delays nothing but itself. A run
 * still going when the next is due is not doubled: that interval is skipped (and logged).
 */
public final class ScriptChecker {
    private static final System.Logger LOG = System.getLogger(ScriptChecker.class.getName());

    private final VrrpScriptConfig config;
    private final RunAs runAs;
    private final Executor loop;
    private final ScriptRunner runner;
    private final Timer timer;
    private final CheckState state;
    private final List<Target> targets = new ArrayList<>();
    private final List<String> argv;
    private boolean running;
    private boolean stopped;
    private String lastOutcome = "not run yet";
    private String lastReason;

    /**
     * @param scheduler the event loop's timers (or virtual time)
     * @param loop      hands the runner's answer back to the event loop
     */
    public ScriptChecker(
            VrrpScriptConfig config, RunAs runAs, Scheduler scheduler, Executor loop, ScriptRunner runner) {
        this.config = config;
        this.runAs = runAs;
        this.loop = loop;
        this.runner = runner;
        this.timer = scheduler.newTimer(config.name() + " check", this::runOnce);
        this.state = new CheckState(config.rise(), config.fall(), config.initFail());
        List<String> a = new ArrayList<>(runAs.prefix());
        a.addAll(CommandLine.split(config.command()));
        this.argv = List.copyOf(a);
    }

    public String name() {
        return config.name();
    }

    public VrrpScriptConfig config() {
        return config;
    }

    /** Whom it runs as (and whether it may run at all), as resolved at its load. */
    public RunAs runAs() {
        return runAs;
    }

    public CheckState.Status status() {
        return state.status();
    }

    /** Whether a run is in progress (keepalived's script state "running", else "idle"). */
    public boolean running() {
        return running;
    }

    /** Adds an instance that tracks this script; it learns the current status at once (if decided). */
    public void track(Target t) {
        targets.add(t);
        if (state.status() != CheckState.Status.INIT) {
            apply(t, lastReason);
        }
    }

    /** Replaces the tracking instances (after a reload); returns the ones no longer tracking. */
    public List<Target> retarget(List<Target> newTargets) {
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

    /** Starts checking: the first run at once. On the loop. */
    public void start() {
        if (runAs.error().isPresent()) {
            LOG.log(
                    ERROR,
                    "{0}: not run: {1}; counted as failed",
                    config.name(),
                    runAs.error().get());
            state.record(false);
            lastReason = config.name() + " cannot run: " + runAs.error().get();
            targets.forEach(t -> apply(t, lastReason));
            return;
        }
        if (argv.size() == runAs.prefix().size()) {
            LOG.log(ERROR, "{0}: empty 'script'; counted as failed", config.name());
            state.record(false);
            lastReason = config.name() + ": empty script";
            targets.forEach(t -> apply(t, lastReason));
            return;
        }
        timer.startIn(0);
    }

    /** Stops checking; a run in progress ends on its own (or at its timeout) and is ignored. */
    public void stop() {
        stopped = true;
        timer.cancel();
    }

    private void runOnce() {
        if (stopped) {
            return;
        }
        timer.startIn(config.interval().toNanos());
        if (running) {
            LOG.log(WARNING, "{0}: still running from the last interval; skipping this one", config.name());
            return;
        }
        running = true;
        Duration timeout = config.effectiveTimeout();
        runner.run(config.name(), argv, timeout, outcome -> loop.execute(() -> onOutcome(outcome)));
    }

    private void onOutcome(ScriptRunner.Outcome outcome) {
        running = false;
        if (stopped) {
            return;
        }
        String described = outcome.describe();
        if (!described.equals(lastOutcome)) {
            // keepalived: "Script `chk` now returning 1"; said once per change, not every interval.
            LOG.log(
                    outcome.success() ? INFO : WARNING,
                    "{0}: now {1}",
                    config.name(),
                    outcome.error() != null ? described : "returning " + described);
            lastOutcome = described;
        }
        boolean changed = state.record(outcome.success());
        if (changed) {
            lastReason = config.name()
                    + (state.status() == CheckState.Status.OK
                            ? " succeeded (" + described + (config.rise() > 1 ? ", " + config.rise() + " in a row" : "")
                                    + ")"
                            : " failed (" + described + (config.fall() > 1 ? ", " + config.fall() + " in a row" : "")
                                    + ")");
            LOG.log(state.status() == CheckState.Status.OK ? INFO : WARNING, "{0}", lastReason);
            targets.forEach(t -> apply(t, lastReason));
        }
    }

    private void apply(Target t, String reason) {
        boolean ok = state.status() == CheckState.Status.OK;
        if (t.reverse()) {
            t.health().tracker(TrackerKey.script(config.name()), !ok, -t.weight(), reason + " (reversed)");
        } else {
            t.health().tracker(TrackerKey.script(config.name()), ok, t.weight(), reason);
        }
    }
}
