package net.tandem.agent.track;

import static java.lang.System.Logger.Level.INFO;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import net.tandem.agent.vrrp.InstanceObserver;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.Transition;
import net.tandem.agent.vrrp.VrrpInstance;

/**
 * A {@code vrrp_sync_group}: instances that change state together, as keepalived's (vrrp_sync.c):
 * <ul>
 *   <li>one goes FAULT: all go FAULT (until none of them has a reason of its own);</li>
 *   <li>one leaves MASTER for BACKUP (a better master appeared, or it was released): every
 *       other Master releases too, with a priority-0 advert;</li>
 *   <li>one becomes MASTER: every other Backup takes over at once;</li>
 *   <li>a member whose master-down timer expires takes over only if every other member is
 *       Master or waiting the same way ({@link net.tandem.agent.vrrp.MasterGate}); otherwise it
 *       waits, so the group never ends up split between two nodes.</li>
 * </ul>
 * The group's own notify scripts run when the group's state changes ({@code GROUP NAME STATE 0}).
 *
 * <p>Runs on the event loop. Reactions are deferred ({@code defer}: the loop's queue) rather than
 * made inside the observer call, so that every observer (the notifier first) sees each
 * transition in the order it happened.
 */
public final class SyncGroup implements InstanceObserver {
    private static final System.Logger LOG = System.getLogger(SyncGroup.class.getName());

    private final String name;
    private final List<String> members;
    private final Function<String, InstanceHealth> health;
    private final Executor defer;
    private final Notifier notifier;
    /** This group as a reason for its members' FAULT; its toString names the group in log lines. */
    private final FaultSource.SyncGroupMember faultSource;

    private String groupState = "";

    /**
     * @param health   an instance's health by name (null when the instance is not on this node)
     * @param defer    runs a reaction soon, on the loop, after the current transition's observers
     * @param notifier for the group's notify scripts, or null
     */
    public SyncGroup(
            String name,
            List<String> members,
            Function<String, InstanceHealth> health,
            Executor defer,
            Notifier notifier) {
        this.name = name;
        this.members = List.copyOf(members);
        this.health = health;
        this.defer = defer;
        this.notifier = notifier;
        this.faultSource = new FaultSource.SyncGroupMember(name);
    }

    public String name() {
        return name;
    }

    public List<String> members() {
        return members;
    }

    /** Installs the group's gate on every member present; call on the loop after (re)creating instances. */
    public void attach() {
        for (InstanceHealth h : present()) {
            h.instance().setMasterGate(this::mayBecomeMaster);
            // A member's reason for FAULT may come or go without a transition (it is held in FAULT by the group).
            h.onFaultsChanged(() -> defer.execute(this::syncFaults));
        }
    }

    private List<InstanceHealth> present() {
        return members.stream().map(health).filter(Objects::nonNull).toList();
    }

    private boolean mayBecomeMaster(VrrpInstance candidate) {
        for (InstanceHealth h : present()) {
            VrrpInstance other = h.instance();
            if (other != candidate && other.state() != State.MASTER && !other.awaitingGate()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onTransition(VrrpInstance instance, Transition t) {
        if (members.contains(instance.name())
                && health.apply(instance.name()) != null
                && health.apply(instance.name()).instance() == instance) {
            defer.execute(() -> react(instance, t));
        }
    }

    private void react(VrrpInstance changed, Transition t) {
        syncFaults();
        if (t.to() == State.MASTER && changed.state() == State.MASTER) {
            for (InstanceHealth h : present()) {
                if (h.instance() != changed && h.instance().state() == State.BACKUP) {
                    h.instance().takeover(faultSource + ": " + changed.name() + " became MASTER");
                }
            }
        } else if (t.from() == State.MASTER && t.to() == State.BACKUP && changed.state() == State.BACKUP) {
            for (InstanceHealth h : present()) {
                if (h.instance() != changed && h.instance().state() == State.MASTER) {
                    h.instance().release(faultSource + ": " + changed.name() + " became BACKUP (" + t.reason() + ")");
                }
            }
        }
        String word = switch (t.to()) {
            case MASTER -> "MASTER";
            case BACKUP -> "BACKUP";
            case FAULT -> "FAULT";
            case INITIALIZE -> "";
        };
        if (!word.isEmpty() && !word.equals(groupState)) {
            LOG.log(
                    INFO,
                    "{0}: {1} -> {2} ({3} is {2})",
                    faultSource,
                    groupState.isEmpty() ? "INIT" : groupState,
                    word,
                    changed.name());
            groupState = word;
            if (notifier != null) {
                notifier.groupChanged(name, word);
            }
        }
    }

    /** Every member is in FAULT while any other member has a reason of its own to be. */
    private void syncFaults() {
        List<InstanceHealth> failing = new ArrayList<>();
        for (InstanceHealth h : present()) {
            if (h.faultedOtherThan(faultSource)) {
                failing.add(h);
            }
        }
        for (InstanceHealth h : present()) {
            List<InstanceHealth> others = failing.stream().filter(f -> f != h).toList();
            String reason = others.isEmpty()
                    ? faultSource + ": no member is in FAULT any more"
                    : faultSource + ": " + others.getFirst().instance().name() + " is FAULT ("
                            + others.getFirst().faultReasons() + ")";
            h.fault(faultSource, !others.isEmpty(), reason);
        }
    }
}
