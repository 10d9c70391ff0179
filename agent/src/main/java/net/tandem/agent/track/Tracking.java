package net.tandem.agent.track;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.NotifyCommand;
import net.tandem.agent.config.NotifyScripts;
import net.tandem.agent.config.SyncGroupConfig;
import net.tandem.agent.config.TrackFileConfig;
import net.tandem.agent.config.TrackProcessConfig;
import net.tandem.agent.config.TrackRef;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.config.VrrpScriptConfig;
import net.tandem.agent.time.Scheduler;
import net.tandem.agent.vrrp.InstanceObserver;
import net.tandem.agent.vrrp.MasterGate;
import net.tandem.agent.vrrp.Transition;
import net.tandem.agent.vrrp.VrrpInstance;

/**
 * The configuration's checks, track files, sync groups and notify scripts, applied to the
 * instances' {@link InstanceHealth}: at start, and again on every reload, where what did not
 * change keeps running untouched (a check keeps its rise/fall count, so a reload never flips a
 * tracked instance). Everything but {@link #prepare} runs on the event loop.
 */
public final class Tracking implements InstanceObserver, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Tracking.class.getName());

    private final Scheduler scheduler;
    private final Executor loop;
    private final ScriptRunner runner;
    private final Notifier notifier;
    private final TrackedFiles files;
    private final TrackedProcesses processes;
    private final Map<String, ScriptChecker> checkers = new LinkedHashMap<>();
    private final Map<String, TrackedFile> trackedFiles = new LinkedHashMap<>();
    private List<SyncGroup> groups = List.of();

    /**
     * What must be found out off the loop before a configuration is applied: whom scripts run as,
     * and which notify commands must not run ({@link ScriptSecurity}), with why.
     */
    public record Prepared(
            KeepalivedConfig config,
            Map<String, RunAs> scriptUsers,
            RunAs notifyUser,
            Map<net.tandem.agent.config.ScriptUser, RunAs> notifyOwnUsers,
            Map<NotifyCommand, String> refusedNotify) {

        /** Nothing refused. */
        public Prepared(
                KeepalivedConfig config,
                Map<String, RunAs> scriptUsers,
                RunAs notifyUser,
                Map<net.tandem.agent.config.ScriptUser, RunAs> notifyOwnUsers) {
            this(config, scriptUsers, notifyUser, notifyOwnUsers, Map.of());
        }
    }

    /** With the agent's process table (/proc, read on a thread of its own once a second). */
    public Tracking(Scheduler scheduler, Executor loop, ScriptRunner runner, Notifier notifier, TrackedFiles files) {
        this(scheduler, loop, runner, notifier, files, TrackedProcesses.fromProc(scheduler, loop));
    }

    public Tracking(
            Scheduler scheduler,
            Executor loop,
            ScriptRunner runner,
            Notifier notifier,
            TrackedFiles files,
            TrackedProcesses processes) {
        this.scheduler = scheduler;
        this.loop = loop;
        this.runner = runner;
        this.notifier = notifier;
        this.files = files;
        this.processes = processes;
    }

    /**
     * Resolves script users (spawns {@code id}) and examines, as keepalived does at every load,
     * whether scripts that run as root are safe ({@link ScriptSecurity}); call off the loop.
     */
    public static Prepared prepare(KeepalivedConfig config) {
        boolean secure = config.globals().enableScriptSecurity();
        Map<String, RunAs> users = new HashMap<>();
        for (VrrpScriptConfig s : config.scripts().values()) {
            RunAs as = RunAs.resolve(s.user(), config.globals().scriptUser(), secure);
            users.put(s.name(), ScriptSecurity.judge("vrrp_script " + s.name(), s.command(), as, secure));
        }
        Map<String, NotifyScripts> notify = new LinkedHashMap<>();
        config.instances().forEach(c -> notify.put(c.name(), c.notifyScripts()));
        config.syncGroups().forEach(g -> notify.put(g.name(), g.notifyScripts()));
        Map<net.tandem.agent.config.ScriptUser, RunAs> own = new HashMap<>();
        for (var u : NotifyCommands.ownUsers(notify.values())) {
            own.put(u, RunAs.resolve(java.util.Optional.of(u), java.util.Optional.empty(), secure));
        }
        // Only when a notify line runs as it: resolving spawns id (processes on the way to the first advert).
        RunAs notifyUser = NotifyCommands.anyWithoutOwnUser(notify.values())
                ? RunAs.resolve(java.util.Optional.empty(), config.globals().scriptUser(), secure)
                : RunAs.self();
        Map<NotifyCommand, String> refused = new HashMap<>();
        notify.forEach((name, scripts) -> {
            for (NotifyCommand c : NotifyCommands.commands(scripts)) {
                RunAs as = c.user().map(own::get).orElse(notifyUser);
                ScriptSecurity.judge(name + " notify " + c.command(), c.command(), as, secure)
                        .error()
                        .filter(e -> as.error().isEmpty())
                        .ifPresent(e -> refused.putIfAbsent(c, e));
            }
        });
        return new Prepared(config, users, notifyUser, own, refused);
    }

    /**
     * Applies {@code p} to the instances now running ({@code health}, by name). Checks whose
     * definition did not change keep running and keep their state; new ones start; ones no
     * longer tracked by anyone stop, and their weight or FAULT is withdrawn.
     */
    public void apply(Prepared p, Map<String, InstanceHealth> health) {
        KeepalivedConfig config = p.config();
        Set<String> grouped = new HashSet<>();
        config.syncGroups().forEach(g -> grouped.addAll(g.instances()));

        // Scripts: who tracks what, with which weight.
        Map<String, List<Target>> scriptTargets = new LinkedHashMap<>();
        Map<String, List<Target>> fileTargets = new LinkedHashMap<>();
        Map<String, List<Target>> processTargets = new LinkedHashMap<>();
        for (VrrpInstanceConfig c : config.instances()) {
            InstanceHealth h = health.get(c.name());
            if (h == null) {
                continue;
            }
            boolean inGroup = grouped.contains(c.name());
            for (TrackRef r : c.trackScripts()) {
                VrrpScriptConfig s = config.scripts().get(r.name());
                if (s == null) {
                    continue; // the config checks report it
                }
                int w = r.weight().orElse(s.weight());
                boolean reverse = r.weight().isPresent() ? r.reverse() : s.weightReverse();
                scriptTargets
                        .computeIfAbsent(s.name(), k -> new ArrayList<>())
                        .add(new Target(
                                h,
                                groupWeight(c.name(), TrackerKey.script(s.name()), w, inGroup && !r.fromSyncGroup()),
                                reverse));
            }
            for (TrackRef r : c.trackFiles()) {
                TrackFileConfig f = config.trackFiles().get(r.name());
                if (f == null) {
                    continue;
                }
                int w = r.weight().orElse(f.weight());
                boolean reverse = r.weight().isPresent() ? r.reverse() : f.weightReverse();
                fileTargets
                        .computeIfAbsent(f.name(), k -> new ArrayList<>())
                        .add(new Target(
                                h,
                                groupWeight(c.name(), TrackerKey.file(f.name()), w, inGroup && !r.fromSyncGroup()),
                                reverse));
            }
            for (TrackRef r : c.trackProcesses()) {
                TrackProcessConfig tp = config.trackProcesses().get(r.name());
                if (tp == null) {
                    continue;
                }
                int w = r.weight().orElse(tp.weight());
                boolean reverse = r.weight().isPresent() ? r.reverse() : tp.weightReverse();
                processTargets
                        .computeIfAbsent(tp.name(), k -> new ArrayList<>())
                        .add(new Target(
                                h,
                                groupWeight(c.name(), TrackerKey.process(tp.name()), w, inGroup && !r.fromSyncGroup()),
                                reverse));
            }
        }
        Collection<InstanceHealth> live = health.values();

        // Checks: keep the unchanged, replace the changed, stop the unused.
        for (var it = checkers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            VrrpScriptConfig now = config.scripts().get(e.getKey());
            ScriptChecker old = e.getValue();
            List<Target> targets = scriptTargets.getOrDefault(e.getKey(), List.of());
            // A script whose user or safety changed (a file's owner or mode, seen at this load) restarts.
            boolean same = now != null
                    && sameScript(old.config(), now)
                    && old.runAs().equals(p.scriptUsers().getOrDefault(e.getKey(), RunAs.self()))
                    && !targets.isEmpty();
            if (same) {
                withdraw(TrackerKey.script(old.name()), old.retarget(targets), live);
                scriptTargets.remove(e.getKey());
            } else {
                old.stop();
                withdraw(
                        TrackerKey.script(old.name()),
                        old.retarget(List.of()).stream()
                                .filter(t -> targets.stream().noneMatch(n -> n.health() == t.health()))
                                .toList(),
                        live);
                it.remove();
                LOG.log(
                        INFO,
                        "{0}: {1}",
                        old.name(),
                        targets.isEmpty() ? "no longer tracked; stopped" : "changed; restarted");
            }
        }
        scriptTargets.forEach((name, targets) -> {
            VrrpScriptConfig s = config.scripts().get(name);
            ScriptChecker c =
                    new ScriptChecker(s, p.scriptUsers().getOrDefault(name, RunAs.self()), scheduler, loop, runner);
            targets.forEach(c::track);
            checkers.put(name, c);
            LOG.log(
                    INFO,
                    "{0}: checking every {1} (timeout {2}, rise {3}, fall {4}) for {5}",
                    name,
                    Durations.show(s.interval()),
                    Durations.show(s.effectiveTimeout()),
                    s.rise(),
                    s.fall(),
                    String.join(
                            ", ",
                            targets.stream()
                                    .map(t -> t.health().instance().name())
                                    .toList()));
            c.start();
        });

        // Track files, the same way.
        for (var it = trackedFiles.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            TrackFileConfig now = config.trackFiles().get(e.getKey());
            TrackedFile old = e.getValue();
            List<Target> targets = fileTargets.getOrDefault(e.getKey(), List.of());
            if (now != null && sameFile(old.config(), now) && !targets.isEmpty()) {
                withdraw(TrackerKey.file(old.name()), old.retarget(targets), live);
                fileTargets.remove(e.getKey());
            } else {
                files.remove(old.name());
                withdraw(
                        TrackerKey.file(old.name()),
                        old.retarget(List.of()).stream()
                                .filter(t -> targets.stream().noneMatch(n -> n.health() == t.health()))
                                .toList(),
                        live);
                it.remove();
            }
        }
        fileTargets.forEach((name, targets) -> {
            TrackedFile f = new TrackedFile(config.trackFiles().get(name), loop);
            targets.forEach(f::track);
            trackedFiles.put(name, f);
            files.add(f);
        });

        // Track processes, the same way: an unchanged one keeps its count and its pending delay.
        for (var e : List.copyOf(processes.trackers().entrySet())) {
            TrackProcessConfig now = config.trackProcesses().get(e.getKey());
            TrackedProcess old = e.getValue();
            List<Target> targets = processTargets.getOrDefault(e.getKey(), List.of());
            if (now != null && sameProcess(old.config(), now) && !targets.isEmpty()) {
                withdraw(TrackerKey.process(old.name()), old.retarget(targets), live);
                processTargets.remove(e.getKey());
            } else {
                processes.remove(old.name());
                withdraw(
                        TrackerKey.process(old.name()),
                        old.retarget(List.of()).stream()
                                .filter(t -> targets.stream().noneMatch(n -> n.health() == t.health()))
                                .toList(),
                        live);
            }
        }
        processTargets.forEach((name, targets) -> {
            TrackedProcess tp = new TrackedProcess(config.trackProcesses().get(name), scheduler);
            targets.forEach(tp::track);
            processes.add(tp);
        });

        // Notify scripts and sync groups: stateless, rebuilt.
        Map<String, NotifyScripts> notify = new HashMap<>();
        config.instances().forEach(c -> notify.put(c.name(), c.notifyScripts()));
        config.syncGroups().forEach(g -> notify.put(g.name(), g.notifyScripts()));
        notifier.configure(notify, p.notifyUser(), p.notifyOwnUsers(), p.refusedNotify());
        live.forEach(h -> {
            h.instance().setMasterGate(MasterGate.OPEN);
            h.onFaultsChanged(() -> {});
        });
        List<SyncGroup> newGroups = new ArrayList<>();
        for (SyncGroupConfig g : config.syncGroups()) {
            SyncGroup group = new SyncGroup(g.name(), g.instances(), health::get, loop, notifier);
            group.attach();
            newGroups.add(group);
        }
        groups = List.copyOf(newGroups);
    }

    /**
     * keepalived: tracking weights written in sync group members are set to 0, so that the group moves
     * as one; those written in the group itself are kept (see SyncGroupTracks).
     */
    private static int groupWeight(String instance, TrackerKey what, int weight, boolean inGroup) {
        if (inGroup && weight != 0) {
            LOG.log(
                    WARNING,
                    "{0}: {1} weight {2} ignored: the instance is in a sync group, where a failure"
                            + " means FAULT for the whole group (as keepalived)",
                    instance,
                    what,
                    weight);
            return 0;
        }
        return weight;
    }

    private static void withdraw(TrackerKey key, List<Target> gone, Collection<InstanceHealth> live) {
        for (Target t : gone) {
            if (live.contains(t.health())) {
                t.health().removeTracker(key, key + " no longer tracked");
            }
        }
    }

    /** Same check (weights aside: they belong to the targets, and are re-applied without a restart). */
    static boolean sameScript(VrrpScriptConfig a, VrrpScriptConfig b) {
        return a.command().equals(b.command())
                && a.interval().equals(b.interval())
                && a.timeout().equals(b.timeout())
                && a.rise() == b.rise()
                && a.fall() == b.fall()
                && a.user().equals(b.user())
                && a.initFail() == b.initFail();
    }

    static boolean sameFile(TrackFileConfig a, TrackFileConfig b) {
        return a.file().equals(b.file()) && a.initFile().equals(b.initFile());
    }

    /** Same processes counted the same way (weights aside, as for scripts). */
    static boolean sameProcess(TrackProcessConfig a, TrackProcessConfig b) {
        return a.process().equals(b.process())
                && a.params().equals(b.params())
                && a.paramMatch() == b.paramMatch()
                && a.fullCommand() == b.fullCommand()
                && a.quorum() == b.quorum()
                && a.quorumMax() == b.quorumMax()
                && a.forkDelay().equals(b.forkDelay())
                && a.terminateDelay().equals(b.terminateDelay());
    }

    @Override
    public void onTransition(VrrpInstance instance, Transition t) {
        for (SyncGroup g : groups) {
            g.onTransition(instance, t);
        }
    }

    public Map<String, ScriptChecker> checkers() {
        return checkers;
    }

    public TrackedProcesses processes() {
        return processes;
    }

    public List<SyncGroup> groups() {
        return groups;
    }

    /** Stops every check and the process counting (on the loop). */
    public void stopChecks() {
        checkers.values().forEach(ScriptChecker::stop);
        processes.stop();
    }

    @Override
    public void close() {
        files.close();
        processes.close();
    }
}
