package net.tandem.agent.track;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.config.NotifyCommand;
import net.tandem.agent.config.NotifyScripts;
import net.tandem.agent.config.ScriptUser;
import net.tandem.agent.vrrp.InstanceObserver;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.Transition;
import net.tandem.agent.vrrp.VrrpInstance;

/**
 * keepalived's notify scripts. On each transition of an instance: first its {@code notify_master},
 * {@code notify_backup}, {@code notify_fault} or {@code notify_stop} as written (no extra
 * arguments), then the generic {@code notify} with keepalived's four trailing arguments,
 * {@code INSTANCE NAME MASTER|BACKUP|FAULT|STOP PRIORITY} (keepalived.conf(5): "notify script is
 * called AFTER the notify_* script(s)"). Sync groups use {@code GROUP NAME STATE 0}.
 *
 * <p>Scripts run off the event loop, one at a time per instance (or group), in transition order:
 * a slow script delays the next notification of the same instance, never the protocol. Each run
 * has a timeout, after which its process group is killed; failures are logged.
 */
public final class Notifier implements InstanceObserver, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Runs one command to its end (or timeout), on the calling thread. */
    @FunctionalInterface
    public interface BlockingRunner {
        ScriptRunner.Outcome run(String name, List<String> argv, Duration timeout);
    }

    private final BlockingRunner runner;
    private final Duration timeout;
    private final Map<String, ExecutorService> queues = new ConcurrentHashMap<>();
    private static final String MASTER_RX_LOWER_PRI = "MASTER_RX_LOWER_PRI";

    private volatile Map<String, NotifyScripts> scripts = Map.of();
    /** The notify_fifo and vrrp_notify_fifo that are open; every notification is a line in each. */
    private volatile List<NotifyFifo> fifos = List.of();
    /** Instances a reload is removing, whose coming stop is not notified (loop thread only). */
    private final java.util.Set<String> removing = new java.util.HashSet<>();

    private volatile RunAs runAs = RunAs.self();
    /** Commands that name their own user ({@code notify_master CMD USER [GROUP]}), resolved off the loop. */
    private volatile Map<ScriptUser, RunAs> ownUsers = Map.of();
    /** Commands that must not run ({@link ScriptSecurity}), with why. */
    private volatile Map<NotifyCommand, String> refused = Map.of();

    public Notifier() {
        this(ProcessScriptRunner::runNow, DEFAULT_TIMEOUT);
    }

    public Notifier(BlockingRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /** The notify scripts of every instance and group, by name; set at start and on reload. */
    public void configure(Map<String, NotifyScripts> byName, RunAs runAs, Map<ScriptUser, RunAs> ownUsers) {
        configure(byName, runAs, ownUsers, Map.of());
    }

    /** As above; the {@code refused} commands are never run, and each attempt says why. */
    public void configure(
            Map<String, NotifyScripts> byName,
            RunAs runAs,
            Map<ScriptUser, RunAs> ownUsers,
            Map<NotifyCommand, String> refused) {
        this.scripts = Map.copyOf(byName);
        this.runAs = runAs;
        this.ownUsers = Map.copyOf(ownUsers);
        this.refused = Map.copyOf(refused);
    }

    /** The FIFOs to write every notification to (open ones); set at start. */
    public void useFifos(List<NotifyFifo> open) {
        this.fifos = List.copyOf(open);
    }

    /** keepalived's state word for the generic notify, or empty when the transition is not notified. */
    static Optional<String> stateWord(Transition t) {
        return switch (t.to()) {
            case MASTER -> Optional.of("MASTER");
            case BACKUP -> Optional.of("BACKUP");
            case FAULT -> Optional.of("FAULT");
            case INITIALIZE -> t.from() == State.INITIALIZE ? Optional.empty() : Optional.of("STOP");
        };
    }

    @Override
    public void onTransition(VrrpInstance instance, Transition t) {
        if (t.to() == State.INITIALIZE && removing.remove(instance.name())) {
            return; // notified as DELETED or FAULT by onRemoved, not as STOP (keepalived)
        }
        stateWord(t).ifPresent(word -> notify("INSTANCE", instance.name(), word, instance.priority()));
    }

    /**
     * keepalived (vrrp.c, clear_diff_vrrp): an instance a reload removes is notified DELETED when it has
     * {@code notify_deleted}, else FAULT ("we used to send FAULT if an instance was deleted, so that needs to
     * continue as the default"), and nothing at all when it was in FAULT already without {@code notify_deleted}.
     * Its stop, which follows, is then not notified as STOP.
     */
    @Override
    public void onRemoved(VrrpInstance instance) {
        State now = instance.state();
        if (now == State.INITIALIZE) {
            return; // never started: its stop changes nothing and notifies nothing
        }
        String name = instance.name();
        removing.add(name);
        NotifyScripts s = scripts.get(name);
        boolean deleted = s != null && s.notifyDeleted();
        if (!deleted && now == State.FAULT) {
            return;
        }
        notify("INSTANCE", name, deleted ? "DELETED" : "FAULT", instance.priority());
    }

    /**
     * keepalived's {@code notify_master_rx_lower_pri}: the script runs as written (no extra arguments), and the
     * FIFO gets {@code INSTANCE "NAME" MASTER_RX_LOWER_PRI PRIORITY} with the Master's own priority. Then, unlike
     * keepalived, the notify for the state that holds runs again ({@code notify_master}, {@code notify ... MASTER},
     * the FIFO's MASTER line): another node believed it was Master (a partition, a stalled peer) and its
     * notify_master may have moved a route or a service to itself (issue 13). The instance rate-limits the calls.
     */
    @Override
    public void onLowerPriorityAdvert(VrrpInstance instance, java.net.InetAddress source, int priority) {
        notify("INSTANCE", instance.name(), MASTER_RX_LOWER_PRI, instance.priority());
        if (instance.state() == net.tandem.agent.vrrp.State.MASTER) {
            notify("INSTANCE", instance.name(), "MASTER", instance.priority());
        }
    }

    /** A sync group changed state (all its instances did). */
    public void groupChanged(String group, String word) {
        notify("GROUP", group, word, 0);
    }

    private void notify(String kind, String name, String word, int priority) {
        NotifyFifo.Line line = new NotifyFifo.Line(kind, name, word, priority);
        fifos.forEach(f -> f.write(line));
        NotifyScripts s = scripts.get(name);
        if (s == null) {
            return;
        }
        List<Run> commands = new ArrayList<>();
        Optional<NotifyCommand> specific = switch (word) {
            case "MASTER" -> s.master();
            case "BACKUP" -> s.backup();
            case "FAULT" -> s.fault();
            case "STOP" -> s.stop();
            case "DELETED" -> s.deleted();
            case MASTER_RX_LOWER_PRI -> s.masterRxLowerPri();
            default -> Optional.empty();
        };
        specific.ifPresent(c -> commands.add(run(c, List.of())));
        if (!word.equals(MASTER_RX_LOWER_PRI)) {
            // keepalived's send_event_notify runs only the event's own script, not the generic one.
            s.any().ifPresent(c -> commands.add(run(c, List.of(kind, name, word, String.valueOf(priority)))));
        }
        commands.removeIf(r -> {
            if (r.as().error().isPresent()) {
                LOG.log(
                        WARNING,
                        "{0}: notify for {1} not run: {2}",
                        name,
                        word,
                        r.as().error().get());
                return true;
            }
            return false;
        });
        if (commands.isEmpty()) {
            return;
        }
        ExecutorService queue = queues.computeIfAbsent(
                name,
                n -> Executors.newSingleThreadExecutor(
                        Thread.ofVirtual().name("tandem-notify-" + n).factory()));
        try {
            queue.execute(() -> commands.forEach(r -> runOne(name, word, r)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.log(WARNING, "{0}: notify for {1} not run: the agent is stopping", name, word);
        }
    }

    /** A command to run: its argv, with the prefix that switches to its user. */
    private record Run(RunAs as, List<String> argv) {}

    private Run run(NotifyCommand c, List<String> extra) {
        RunAs as = c.user()
                .map(u -> ownUsers.getOrDefault(
                        u,
                        new RunAs(
                                "user " + u.user(),
                                List.of(),
                                Optional.of("user '" + u.user() + "' was not resolved"))))
                .orElse(runAs);
        String why = refused.get(c);
        if (why != null && as.error().isEmpty()) {
            as = as.refused(why);
        }
        List<String> argv = new ArrayList<>(as.prefix());
        argv.addAll(CommandLine.split(c.command()));
        argv.addAll(extra);
        return new Run(as, argv);
    }

    private void runOne(String name, String word, Run r) {
        List<String> argv = r.argv();
        ScriptRunner.Outcome o = runner.run(name, argv, timeout);
        String shown = String.join(" ", argv.subList(r.as().prefix().size(), argv.size()));
        if (o.success()) {
            LOG.log(INFO, "{0}: notify {1} ran: {2}", name, word, shown);
        } else {
            LOG.log(WARNING, "{0}: notify {1} failed ({2}): {3}", name, word, o.describe(), shown);
        }
    }

    /** Lets queued notifications finish (at most {@code wait}); then kills what still runs. */
    public void close(Duration wait) {
        queues.values().forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + wait.toNanos();
        for (ExecutorService q : queues.values()) {
            try {
                if (!q.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    q.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                q.shutdownNow();
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
