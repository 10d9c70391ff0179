package net.tandem.agent.vrrp;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import net.tandem.agent.time.Scheduler;
import net.tandem.agent.time.Timer;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * One virtual router: the state machine of RFC 5798 §6.4 (RFC 3768 §6.4 for v2) plus keepalived's
 * FAULT state. No I/O and no locks: it runs on one thread, driven by its timers, by adverts the
 * dispatcher hands it, and by the agent (start, stop, fault, priority). Every transition carries
 * a reason a person can read.
 */
public final class VrrpInstance {
    private static final System.Logger LOG = System.getLogger(VrrpInstance.class.getName());
    private static final long NEVER = Long.MIN_VALUE;
    /** A discard reason is logged at most once a minute per instance; the counters have the rest. */
    private static final long DISCARD_LOG_INTERVAL = 60 * InstanceSettings.SECOND;

    private InstanceSettings settings; // replaced only by reconfigure
    private final Scheduler scheduler;
    private InstanceNetwork network; // replaced only by reconfigure
    private final InstanceObserver observer;
    private final InstanceCounters counters = new InstanceCounters();
    private GratuitousArpSchedule garp; // replaced only by reconfigure
    /** Every master heard on this VRID, for split-brain detection (its own class: one call from receive). */
    private final MastersHeard mastersHeard;

    private final LowerPriorityAnswers lowerPriorityAnswers = new LowerPriorityAnswers();
    /** Fires when the re-announcement spacing ends, if one was left out meanwhile (LowerPriorityAnswers). */
    private final Timer reannounceTimer;

    private InetAddress pendingReannounceFrom;
    private int pendingReannouncePriority;

    /** Adver_Timer (RFC 5798 §6.2): runs in Master, fires every Advertisement_Interval. */
    private final Timer adverTimer;
    /** Master_Down_Timer (RFC 5798 §6.2): runs in Backup; when it fires, the master is gone. */
    private final Timer masterDownTimer;
    /** Why {@link #masterDownTimer} was last armed: the reason it gives when it fires. */
    private MasterDownWait masterDownWait = MasterDownWait.MASTER_DOWN_INTERVAL;
    /** With {@link MasterDownWait#MASTER_LEAVING}: the master that sent priority 0. */
    private InetAddress leavingMaster;

    private State state = State.INITIALIZE;
    /** Between {@link #start} and {@link #stop}: before, a fault is only remembered (vrrp_startup_delay). */
    private boolean started;
    /** A fault reported before {@link #start}, entered when the instance starts; null when none. */
    private String faultBeforeStart;

    private long stateSince;
    private String lastReason = "not started";
    private int priority;
    /** Master_Adver_Interval: the master's interval as learned from its adverts (v3), else ours. */
    private long masterAdverInterval;
    /** With preempt_delay: when this backup may preempt a lower-priority master (NEVER = not armed). */
    private long preemptAllowedAt = NEVER;
    /** Maintenance: held in Backup, the master-down timer does not make this router Master. */
    private boolean held;
    /** Sync groups: whether this instance may take over when its master-down timer expires. */
    private MasterGate gate = MasterGate.OPEN;
    /** The master-down timer expired but the gate said "not yet": waiting for the group. */
    private boolean awaitingGate;

    // What we know of the current master, for decisions and for the operator.
    private InetAddress masterAddress;
    private int masterPriority;
    private long lastAdvertReceivedAt = NEVER;
    private long lastAdvertSentAt = NEVER;
    /** How irregularly the master's adverts arrive: RFC 3550's jitter estimator over the gaps. */
    private long advertJitter;

    private Advert advert; // built once per priority: sending allocates nothing else here
    private final long[] discardLoggedAt = new long[DiscardReason.values().length];

    public VrrpInstance(
            InstanceSettings settings, Scheduler scheduler, InstanceNetwork network, InstanceObserver observer) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.network = network;
        this.observer = observer;
        this.priority = settings.priority();
        this.masterAdverInterval = settings.advertIntervalNanos();
        this.adverTimer = scheduler.newTimer(settings.name() + " adver", this::onAdverTimer);
        this.masterDownTimer = scheduler.newTimer(settings.name() + " master-down", this::onMasterDownTimer);
        this.reannounceTimer = scheduler.newTimer(settings.name() + " reannounce", this::onReannounceTimer);
        this.garp = new GratuitousArpSchedule(settings.name(), settings.garp(), network, counters, scheduler);
        this.stateSince = scheduler.nanoTime();
        java.util.Arrays.fill(discardLoggedAt, NEVER);
        this.advert = buildAdvert(priority);
        this.mastersHeard = new MastersHeard(
                settings.name(),
                scheduler,
                () -> masterAdverInterval,
                this::masterDownInterval,
                () -> state == State.MASTER,
                (active, masters, self) -> observer.onSplitBrain(this, active, masters, self));
    }

    // ---------------------------------------------------------------- events from the agent

    /** Startup event (RFC 5798 §6.4.1): the owner becomes Master at once, everyone else Backup. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        if (faultBeforeStart != null) {
            String reason = faultBeforeStart;
            faultBeforeStart = null;
            transition(State.FAULT, reason);
        } else if (settings.isAddressOwner()) {
            becomeMaster("address owner (priority 255) starting");
        } else {
            becomeBackup(
                    "starting; waiting " + seconds(masterDownInterval()) + " (Master_Down_Interval) for a master",
                    settings.advertIntervalNanos());
        }
    }

    /**
     * Shutdown event: a Master sends a priority-0 advert so that the best backup takes over after
     * only Skew_Time, and removes its addresses (RFC 5798 §6.4.3; keepalived does the same).
     */
    public void stop(String reason) {
        started = false;
        faultBeforeStart = null;
        if (state == State.INITIALIZE) {
            return;
        }
        leaveMaster(true);
        masterDownTimer.cancel();
        mastersHeard.clear();
        transition(State.INITIALIZE, reason);
    }

    /**
     * Something this instance depends on failed (its interface, a tracked interface or check):
     * keepalived's FAULT. A Master first hands over with a priority-0 advert.
     */
    public void fault(String reason) {
        if (!started) {
            // Not taking part yet (vrrp_startup_delay): a recovery before the start must not make it Backup early.
            faultBeforeStart = reason;
            lastReason = "not started; " + reason;
            return;
        }
        if (state == State.FAULT) {
            return;
        }
        leaveMaster(true);
        masterDownTimer.cancel();
        transition(State.FAULT, reason);
    }

    /** What failed is back: the instance becomes Backup and the election decides (keepalived). */
    public void recover(String reason) {
        if (!started) {
            if (faultBeforeStart != null) {
                faultBeforeStart = null;
                lastReason = "not started; " + reason;
            }
            return;
        }
        if (state != State.FAULT) {
            return;
        }
        becomeBackup(reason, settings.advertIntervalNanos());
    }

    /**
     * Sets the effective priority (trackers, an operator's override). A Master advertises the new
     * priority at once, so that backups learn of it without waiting for the next interval.
     */
    public void setPriority(int newPriority, String reason) {
        if (newPriority < 1 || newPriority > 255) {
            throw new IllegalArgumentException(settings.name() + ": priority " + newPriority + " is outside 1..255");
        }
        if (newPriority == priority) {
            return;
        }
        int old = priority;
        priority = newPriority;
        advert = buildAdvert(priority);
        LOG.log(INFO, "{0}: priority {1} -> {2} ({3})", settings.name(), old, newPriority, reason);
        observer.onPriorityChange(this, old, newPriority, reason);
        if (state == State.MASTER) {
            sendAdvert();
            adverTimer.startIn(settings.advertIntervalNanos());
        }
    }

    /**
     * A reload changed what may change under a running instance: its virtual and excluded
     * addresses, unicast peers, preemption or gratuitous ARP settings. Nothing about who is
     * master changes. A Master removes the addresses it no longer serves, adds the new ones,
     * announces them with a gratuitous ARP burst, and sends an advert with the new list at once
     * (so that backups reloaded with it hear it without waiting an interval); its advert timer
     * starts over from there, so no gap between adverts exceeds one interval.
     *
     * @throws IllegalArgumentException {@code next} changes what only a restart may change
     *     (version, VRID, interval, authentication, source address, address ownership)
     */
    public void reconfigure(InstanceSettings next, InstanceNetwork nextNetwork, String reason) {
        if (!next.name().equals(settings.name())
                || next.version() != settings.version()
                || next.vrid() != settings.vrid()
                || next.advertIntervalNanos() != settings.advertIntervalNanos()
                || next.authType() != settings.authType()
                || !next.password().equals(settings.password())
                || !next.primaryAddress().equals(settings.primaryAddress())
                || next.isAddressOwner() != settings.isAddressOwner()) {
            throw new IllegalArgumentException(settings.name() + ": " + reason + " needs a restart, not an update");
        }
        InstanceNetwork old = network;
        settings = next;
        network = nextNetwork;
        advert = buildAdvert(priority);
        garp.stop();
        garp = new GratuitousArpSchedule(next.name(), next.garp(), nextNetwork, counters, scheduler);
        if (!next.preempt() || next.preemptDelayNanos() == 0) {
            preemptAllowedAt = NEVER;
        }
        LOG.log(INFO, "{0}: updated in place ({1})", next.name(), reason);
        if (state == State.MASTER) {
            old.removeVirtualAddressesNotIn(nextNetwork);
            nextNetwork.addVirtualAddresses();
            garp.start();
            sendAdvert();
            adverTimer.startIn(next.advertIntervalNanos());
        }
    }

    /**
     * An operator's takeover: become Master now instead of after Master_Down_Interval. The caller
     * has already raised this instance's priority above the current master's, so the old master
     * steps down as soon as it hears our first advert (RFC 5798 §6.4.3).
     */
    public void takeover(String reason) {
        if (state == State.BACKUP && !held) {
            becomeMaster(reason);
        }
    }

    /**
     * An operator's release: a Master hands over with a priority-0 advert, so that the best backup
     * takes over after Skew_Time, and becomes Backup at its current priority. The caller then
     * lowers the priority (AgentControl's release overrides it to 1 in the same loop task, so no
     * advert or timer runs in between; a priority-1 advert never precedes the priority-0 one);
     * otherwise this router would preempt again. Maintenance's hold needs no lower priority: a
     * held instance never becomes Master.
     */
    public void release(String reason) {
        if (state == State.MASTER) {
            leaveMaster(true);
            becomeBackup(reason, settings.advertIntervalNanos());
        }
    }

    /**
     * Maintenance: while held, the instance gives its addresses away (as {@link #release}) and
     * stays Backup even when no master is heard. Unheld, it takes part in elections again.
     */
    public void hold(boolean hold, String reason) {
        if (hold == held) {
            return;
        }
        held = hold;
        if (hold) {
            release(reason);
        } else if (state == State.BACKUP) {
            lastReason = reason;
            armMasterDownTimer(masterDownInterval(), MasterDownWait.MASTER_DOWN_INTERVAL);
        }
    }

    public boolean held() {
        return held;
    }

    /** Installs the sync group's gate (or {@link MasterGate#OPEN}); on the loop. */
    public void setMasterGate(MasterGate gate) {
        this.gate = gate;
    }

    /**
     * A Backup whose master-down timer has expired and that would be Master but for its sync
     * group: it hears no better master and waits for the others of its group.
     */
    public boolean awaitingGate() {
        return state == State.BACKUP && awaitingGate;
    }

    // ---------------------------------------------------------------- adverts

    /**
     * An advert for this instance's VRID arrived on its interface, already decoded by the codec.
     * The checks of RFC 3768 §7.1 / RFC 5798 §7.1 that concern this virtual router come first,
     * in the RFC's order; then the state decides what the advert means.
     */
    public void receive(ReceivedAdvert received) {
        receive(received, scheduler.nanoTime());
    }

    /**
     * As {@link #receive(ReceivedAdvert)}, for an advert that arrived at {@code receivedAt} (the scheduler's clock)
     * and reaches the instance only now, after the hand-over from the receive thread: the master-down timer runs
     * from the arrival (Master_Down_Interval, or Skew_Time after a priority 0), as keepalived's does, so that the
     * hand-over does not lengthen a failover.
     */
    public void receive(ReceivedAdvert received, long receivedAt) {
        followed(received, receivedAt);
    }

    /**
     * As {@link #receive(ReceivedAdvert, long)}; and whether, as a Backup, it accepted the advert as its master's: then
     * another like it (same source, priority and interval) would do nothing but re-arm the master-down timer from
     * its own arrival, which need not happen at once as long as it happens before any timer fires.
     */
    public boolean followed(ReceivedAdvert received, long receivedAt) {
        receivedAt = Math.min(receivedAt, scheduler.nanoTime()); // never a deadline beyond now + the interval
        counters.advertsReceived++;
        Advert a = received.advert();
        DiscardReason reason = check(received);
        if (reason != null) {
            discard(reason, received);
            return false;
        }
        if (a.priority() == 0) {
            counters.priorityZeroReceived++;
        }
        boolean followed = false;
        switch (state) {
            case BACKUP -> followed = receiveInBackup(received, receivedAt);
            case MASTER -> receiveInMaster(received);
            case INITIALIZE, FAULT -> {} // not taking part: counted, nothing else
        }
        mastersHeard.heard(
                received.source(), a.priority()); // after the state machine: a master that stepped down is not one
        return followed && state == State.BACKUP;
    }

    private DiscardReason check(ReceivedAdvert received) {
        Advert a = received.advert();
        if (settings.unicastPeers().isEmpty()) {
            // RFC 3768/5798 §7.1: MUST verify that the TTL is 255 (the packet has crossed no router).
            if (received.ttl() != AdvertCodec.TTL) {
                return DiscardReason.IP_TTL;
            }
        } else {
            if (!settings.unicastPeers().contains(received.source())) {
                return DiscardReason.UNKNOWN_PEER;
            }
            // keepalived: unicast peers may be routed, so no TTL 255; the peer's min_ttl..max_ttl instead.
            if (!settings.ttlRange(received.source()).contains(received.ttl())) {
                return DiscardReason.IP_TTL;
            }
        }
        if (a.version() != settings.version()) {
            return DiscardReason.VERSION;
        }
        if (settings.isAddressOwner()) {
            return DiscardReason.OWNER;
        }
        if (settings.version() == VrrpVersion.V2) {
            if (a.authType() != settings.authType()) {
                return DiscardReason.AUTH_TYPE_MISMATCH;
            }
            if (settings.authType() == AuthType.PASS && !settings.password().equals(a.password())) {
                return DiscardReason.AUTH_FAILURE;
            }
        }
        // RFC 3768/5798 §7.1 drop a mismatched address list unless the sender is the owner; but
        // priority 255 is only a number a stranger can write, and keepalived drops the advert
        // whatever its priority ("ip address not present in MASTER advert"). So do we: one spoofed
        // owner advert must not make the master step down.
        if (!sameAddresses(a.addresses(), settings.virtualAddresses())) {
            return DiscardReason.ADDRESS_LIST;
        }
        if (settings.version() == VrrpVersion.V2 && a.advertInterval() != settings.advertIntervalField()) {
            return DiscardReason.ADVERT_INTERVAL;
        }
        if (a.advertInterval() == 0) {
            // v3 backups adopt the master's interval: 0 would make Master_Down_Interval just the skew
            // (RFC 9568 erratum 8301: "MUST verify that the Max Advertise Interval is non zero").
            return DiscardReason.ADVERT_INTERVAL;
        }
        return null;
    }

    /** RFC 5798 §6.4.2, Backup: "If an ADVERTISEMENT is received, then: ..." */
    /** @return whether the advert was accepted as the master's (and re-armed the master-down timer) */
    private boolean receiveInBackup(ReceivedAdvert received, long receivedAt) {
        Advert a = received.advert();
        long now = scheduler.nanoTime();
        if (a.priority() == 0) {
            // The master is leaving: take over after Skew_Time only.
            leavingMaster = received.source();
            armMasterDownTimer(receivedAt, skewTime(), MasterDownWait.MASTER_LEAVING);
            lastReason = "master " + received.source().getHostAddress() + " is leaving (priority 0)";
            return false;
        }
        boolean accept = !settings.preempt() || a.priority() >= priority;
        if (!accept && settings.preemptDelayNanos() > 0) {
            // keepalived's preempt_delay: tolerate a lower-priority master for a while first.
            if (preemptAllowedAt == NEVER) {
                preemptAllowedAt = now + settings.preemptDelayNanos();
            }
            accept = now < preemptAllowedAt;
        }
        if (!accept) {
            // Lower priority than ours, and we preempt: discard, and let the master-down timer
            // make us Master (RFC 5798 §6.4.2). Remember who it was, for the operator.
            rememberMaster(received, NEVER);
            return false;
        }
        if (a.priority() >= priority) {
            preemptAllowedAt = NEVER;
        }
        masterAdverInterval = learnedInterval(received); // accepted as the master's: v3 learns its interval
        awaitingGate = false;
        measureJitter(received, receivedAt);
        rememberMaster(received, receivedAt);
        armMasterDownTimer(receivedAt, masterDownInterval(), MasterDownWait.MASTER_DOWN_INTERVAL);
        // With preempt_delay, a lower-priority master is followed only for a while: not routine.
        return a.priority() >= priority || !settings.preempt();
    }

    /** RFC 5798 §6.4.3, Master: "If an ADVERTISEMENT is received, then: ..." */
    private void receiveInMaster(ReceivedAdvert received) {
        Advert a = received.advert();
        if (a.priority() == 0) {
            // Another router is leaving this VRID: answer at once so that nobody times out.
            answerAtOnce();
            return;
        }
        boolean higher = a.priority() > priority;
        boolean tieLost = a.priority() == priority && Ipv4.compare(received.source(), settings.primaryAddress()) > 0;
        if (higher || tieLost) {
            long learned = learnedInterval(received); // the advert that makes the new master
            // One advert of ours, lower than theirs, before stepping down: keepalived's
            // higher_prio_send_advert, always on here. Two masters meet when a partition heals, and
            // the gratuitous ARPs the clients heard last may be ours: had we stepped down in silence
            // (the RFC), the other master would hear nothing lower, announce nothing, and the clients
            // would keep sending to us until their ARP entries expire (bin/chaos partition-full: a
            // 9-s black hole). Hearing this advert, the other master (Tandem, or keepalived with its
            // default garp_lower_prio_repeat) answers with gratuitous ARPs. It carries our priority,
            // never 0: a priority 0 would make every backup of the VRID take over after Skew_Time.
            sendAdvert();
            rememberMaster(received, scheduler.nanoTime());
            leaveMaster(false);
            becomeBackup(
                    higher
                            ? "higher priority advert from " + received.source().getHostAddress() + " (" + a.priority()
                                    + " > ours " + priority + ")"
                            : "equal priority " + a.priority() + " from higher address "
                                    + received.source().getHostAddress(),
                    learned);
        } else {
            // A lower-priority master (after a partition, or a peer that stalled and resumed). The
            // RFC discards; keepalived ("forcing new election") answers at once with its own advert,
            // which makes the other side step down now rather than at our next interval, and sends
            // gratuitous ARPs (garp_lower_prio_repeat), because while the other believed it was
            // master its gratuitous ARPs may have pointed the clients' ARP caches at it. We do as
            // keepalived, and re-run the notify for the state that holds (MASTER): whatever the other
            // node's notify_master did (a route, a service) may have to be done here again. Unlike
            // keepalived, both are rate-limited (LowerPriorityAnswers), so that whoever sends
            // lower-priority adverts fast cannot make this Master send, announce or fork as fast.
            answerAtOnce();
            long now = scheduler.nanoTime();
            switch (lowerPriorityAnswers.reannounce(now, settings.advertIntervalNanos())) {
                case NOW -> reannounce(received.source(), a.priority(), "");
                case LATER -> {
                    // Left out now, but not dropped: the last one left out is done when the spacing
                    // ends. The re-announcement that used up the spacing may never have reached the
                    // clients (a master that could not send: partition-tx), and the advert heard now
                    // may be the other master's last, as it steps down.
                    counters.lowerPriorityAnswersLimited++;
                    pendingReannounceFrom = received.source();
                    pendingReannouncePriority = a.priority();
                    if (!reannounceTimer.isRunning()) {
                        reannounceTimer.startAt(lowerPriorityAnswers.nextReannounceAt(settings.advertIntervalNanos()));
                    }
                }
                case NO -> counters.lowerPriorityAnswersLimited++;
            }
        }
    }

    private void reannounce(InetAddress source, int sourcePriority, String late) {
        LOG.log(
                INFO,
                "{0}: advert from {1} with lower priority {2}, ours {3}: still MASTER; answering with"
                        + " an advert, {4} gratuitous ARP(s) and the MASTER notify{5}",
                settings.name(),
                source.getHostAddress(),
                sourcePriority,
                priority,
                settings.garp().lowerPrioRepeat(),
                late);
        garp.lowerPriorityAdvertHeard();
        observer.onLowerPriorityAdvert(this, source, sourcePriority);
    }

    /** The re-announcement left out by the rate limit, done now that the spacing has passed. */
    private void onReannounceTimer() {
        if (state != State.MASTER || pendingReannounceFrom == null) {
            return;
        }
        InetAddress source = pendingReannounceFrom;
        pendingReannounceFrom = null;
        if (lowerPriorityAnswers.reannounce(scheduler.nanoTime(), settings.advertIntervalNanos())
                == LowerPriorityAnswers.Reannounce.NOW) {
            reannounce(source, pendingReannouncePriority, " (left out by the rate limit a moment ago)");
        }
    }

    /**
     * An advert of ours at once, and the advert timer restarted from it (so no gap exceeds one
     * interval), at most once per Advertisement_Interval: the regular advert answers the rest.
     */
    private void answerAtOnce() {
        if (lowerPriorityAnswers.mayAnswer(scheduler.nanoTime(), settings.advertIntervalNanos())) {
            sendAdvert();
            adverTimer.startIn(settings.advertIntervalNanos());
        } else {
            counters.lowerPriorityAnswersLimited++;
        }
    }

    /**
     * v3: the Master_Adver_Interval an accepted master's advert teaches, bounded
     * ({@link MasterAdverIntervalBound}); v2: ours (the interval must match). A change is logged
     * and counted, so that an operator sees when and why the backup's wait changed.
     */
    private long learnedInterval(ReceivedAdvert received) {
        if (settings.version() != VrrpVersion.V3) {
            return settings.advertIntervalNanos();
        }
        long advertised = received.advert().advertIntervalNanos();
        long learned = MasterAdverIntervalBound.bound(advertised, settings.advertIntervalNanos());
        if (learned != masterAdverInterval) {
            counters.masterAdverIntervalChanges++;
            if (learned < advertised) {
                LOG.log(
                        WARNING,
                        "{0}: master {1} advertises every {2}, more than {3} times our advert_int {4}:"
                                + " Master_Adver_Interval {5} -> {6} (bounded; give every router of VRID {7} the"
                                + " same advert_int)",
                        settings.name(),
                        received.source().getHostAddress(),
                        seconds(advertised),
                        MasterAdverIntervalBound.FACTOR,
                        seconds(settings.advertIntervalNanos()),
                        seconds(masterAdverInterval),
                        seconds(learned),
                        settings.vrid());
            } else {
                LOG.log(
                        INFO,
                        "{0}: Master_Adver_Interval {1} -> {2} (learned from master {3})",
                        settings.name(),
                        seconds(masterAdverInterval),
                        seconds(learned),
                        received.source().getHostAddress());
            }
        }
        return learned;
    }

    // ---------------------------------------------------------------- timers

    private void onMasterDownTimer() {
        if (state != State.BACKUP) {
            return;
        }
        if (held) {
            lastReason = "held in BACKUP (maintenance): not taking over although no master is heard";
            return;
        }
        if (!gate.mayBecomeMaster(this)) {
            // keepalived's sync groups: the timer is not restarted; the group makes this instance
            // Master (takeover) when the last of its members is ready, or a master is heard again.
            awaitingGate = true;
            lastReason = "master down timer expired; waiting for the other instances of its sync group";
            LOG.log(INFO, "{0}: {1}", settings.name(), lastReason);
            return;
        }
        // The advert first (RFC 5798 §6.4.2 lists it first too): the reason, the log line, the observers and the
        // addresses come after it, so that no formatting, logging or hand-over lies between the timer and the wire.
        sendAdvert();
        long now = scheduler.nanoTime();
        String reason;
        if (masterDownWait == MasterDownWait.MASTER_LEAVING) {
            reason = "master " + leavingMaster.getHostAddress() + " is leaving (priority 0), Skew_Time "
                    + seconds(skewTime()) + " passed";
        } else if (lastAdvertReceivedAt != NEVER && lastAdvertReceivedAt >= stateSince && masterAddress != null) {
            reason = "master down timer expired, last advert from " + masterAddress.getHostAddress() + " "
                    + seconds(now - lastAdvertReceivedAt) + " ago";
        } else {
            reason = "master down timer expired, no master heard for " + seconds(now - stateSince);
        }
        takeOver(reason);
    }

    /**
     * Why the master-down timer runs. It is re-armed by every accepted advert, so what it means
     * when it fires is whatever armed it last, not an earlier event.
     */
    private enum MasterDownWait {
        /** Master_Down_Interval: since entering Backup, or since the master's last advert. */
        MASTER_DOWN_INTERVAL,
        /** Skew_Time only: the master said it is leaving (priority 0). */
        MASTER_LEAVING
    }

    private void armMasterDownTimer(long delayNanos, MasterDownWait why) {
        armMasterDownTimer(scheduler.nanoTime(), delayNanos, why);
    }

    /** Arms the timer to fire {@code delayNanos} after {@code from}, an event's time (now or an advert's arrival). */
    private void armMasterDownTimer(long from, long delayNanos, MasterDownWait why) {
        masterDownWait = why;
        if (why != MasterDownWait.MASTER_LEAVING) {
            leavingMaster = null;
        }
        masterDownTimer.startAt(from + Math.max(0, delayNanos));
    }

    private void onAdverTimer() {
        if (state != State.MASTER) {
            return;
        }
        sendAdvert();
        adverTimer.startIn(settings.advertIntervalNanos());
    }

    // ---------------------------------------------------------------- state entry and exit

    private void becomeMaster(String reason) {
        sendAdvert();
        takeOver(reason);
    }

    /** Becoming Master after its first advert has been sent. */
    private void takeOver(String reason) {
        masterDownTimer.cancel();
        preemptAllowedAt = NEVER;
        transition(State.MASTER, reason);
        counters.becomeMaster++;
        masterAddress = settings.primaryAddress();
        masterPriority = priority;
        lowerPriorityAnswers.newTerm(scheduler.nanoTime());
        network.addVirtualAddresses();
        garp.start();
        adverTimer.startIn(settings.advertIntervalNanos());
    }

    private void becomeBackup(String reason, long learnedMasterAdverInterval) {
        masterAdverInterval = learnedMasterAdverInterval;
        preemptAllowedAt = NEVER;
        transition(State.BACKUP, reason);
        armMasterDownTimer(masterDownInterval(), MasterDownWait.MASTER_DOWN_INTERVAL);
    }

    /**
     * Leaving Master: stop advertising and drop the addresses. When stopping or failing (not when
     * a better master appeared), first tell the backups with a priority-0 advert, so that the
     * best one takes over after Skew_Time instead of Master_Down_Interval.
     */
    private void leaveMaster(boolean handOver) {
        if (state != State.MASTER) {
            return;
        }
        adverTimer.cancel();
        garp.stop();
        reannounceTimer.cancel();
        pendingReannounceFrom = null;
        if (handOver) {
            send(buildAdvert(0));
            counters.priorityZeroSent++;
        }
        network.removeVirtualAddresses();
        counters.releaseMaster++;
    }

    private void transition(State to, String reason) {
        awaitingGate = false;
        State from = state;
        state = to;
        stateSince = scheduler.nanoTime();
        lastReason = reason;
        counters.transitions++;
        Transition t = new Transition(settings.name(), from, to, reason, stateSince);
        LOG.log(INFO, t.toString());
        observer.onTransition(this, t);
    }

    // ---------------------------------------------------------------- helpers

    private void sendAdvert() {
        send(advert);
    }

    private void send(Advert a) {
        network.sendAdvert(a);
        counters.advertsSent++;
        lastAdvertSentAt = scheduler.nanoTime();
    }

    private Advert buildAdvert(int advertisedPriority) {
        return new Advert(
                settings.version(),
                settings.vrid(),
                advertisedPriority,
                settings.advertIntervalField(),
                settings.virtualAddresses(),
                settings.version() == VrrpVersion.V2 ? settings.authType() : AuthType.NONE,
                settings.version() == VrrpVersion.V2 && settings.authType() == AuthType.PASS
                        ? settings.password()
                        : "");
    }

    /**
     * J += (|D| - J) / 16, RFC 3550 §6.4.1, where D is how far the gap since the master's previous
     * advert is from Master_Adver_Interval. A gap of more than two intervals (a lost advert, a
     * new master) is not jitter and is left out.
     */
    private void measureJitter(ReceivedAdvert received, long now) {
        if (lastAdvertReceivedAt == NEVER || !received.source().equals(masterAddress)) {
            return;
        }
        long gap = now - lastAdvertReceivedAt;
        if (gap > 2 * masterAdverInterval) {
            return;
        }
        advertJitter += (Math.abs(gap - masterAdverInterval) - advertJitter) / 16;
    }

    private void rememberMaster(ReceivedAdvert received, long acceptedAt) {
        masterAddress = received.source();
        masterPriority = received.advert().priority();
        if (acceptedAt != NEVER) {
            lastAdvertReceivedAt = acceptedAt;
        }
    }

    private void discard(DiscardReason reason, ReceivedAdvert received) {
        long count = counters.discard(reason);
        long now = scheduler.nanoTime();
        int i = reason.ordinal();
        if (discardLoggedAt[i] == NEVER || now - discardLoggedAt[i] >= DISCARD_LOG_INTERVAL) {
            discardLoggedAt[i] = now;
            LOG.log(
                    WARNING,
                    "{0}: discarded advert from {1}: {2} (VRID {3}, priority {4}; {5} so far)",
                    settings.name(),
                    received.source().getHostAddress(),
                    reason,
                    received.advert().vrid(),
                    received.advert().priority(),
                    count);
        }
    }

    private static boolean sameAddresses(List<InetAddress> a, List<InetAddress> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (InetAddress x : a) {
            if (!b.contains(x)) {
                return false;
            }
        }
        return true;
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    // ---------------------------------------------------------------- what the operator sees

    public String name() {
        return settings.name();
    }

    public InstanceSettings settings() {
        return settings;
    }

    public State state() {
        return state;
    }

    public long stateSince() {
        return stateSince;
    }
    /** The reason given for the last transition, or the latest notable event. */
    public String lastReason() {
        return lastReason;
    }

    public int priority() {
        return priority;
    }

    public long masterAdverInterval() {
        return masterAdverInterval;
    }

    public long skewTime() {
        return VrrpTimers.skewTime(priority, masterAdverInterval);
    }

    public long masterDownInterval() {
        return VrrpTimers.masterDownInterval(priority, masterAdverInterval);
    }
    /** Nanoseconds until the master-down timer fires, or -1 when it is not running. */
    public long masterDownRemaining() {
        return masterDownTimer.remaining();
    }
    /** The master as last heard (ourselves when Master), or null. */
    public InetAddress masterAddress() {
        return masterAddress;
    }

    public int masterPriority() {
        return state == State.MASTER ? priority : masterPriority;
    }
    /** Clock time of the last advert accepted from the master, or Long.MIN_VALUE if none. */
    public long lastAdvertReceivedAt() {
        return lastAdvertReceivedAt;
    }

    public long lastAdvertSentAt() {
        return lastAdvertSentAt;
    }
    /** The jitter of the master's adverts as this backup hears them, in nanoseconds (RFC 3550 estimator). */
    public long advertJitter() {
        return advertJitter;
    }

    public InstanceCounters counters() {
        return counters;
    }

    /** The masters this instance has heard, and whether two are Master at once. */
    public MastersHeard mastersHeard() {
        return mastersHeard;
    }
}
