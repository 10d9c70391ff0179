package net.tandem.agent.control;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.tandem.agent.track.CheckState;
import net.tandem.agent.track.TrackerKey;
import net.tandem.agent.track.TrackerStatus;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * A ControlTarget with two instances and every status field set, that records the commands it is given and
 * publishes events on the caller's thread, as the agent's event loop would. Tests program failures per command.
 */
public final class FakeControlTarget implements ControlTarget {

    public static final Instant STARTED = Instant.parse("2026-05-01T10:00:00Z");
    public static final Instant LOADED = Instant.parse("2026-05-01T10:00:01Z");

    /** Every command the target carried out or refused, as {@code takeover VI_1}. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Command name (takeover, release, setPriority, clearPriority, setMaintenance) to the refusal it throws. */
    public final Map<String, ControlException> failures = new ConcurrentHashMap<>();

    private final List<Consumer<AgentEvent>> listeners = new CopyOnWriteArrayList<>();
    public volatile ReloadResult reloadResult = new ReloadResult(true, List.of(), "reloaded: 2 instances");
    public volatile boolean maintenance;
    /** VI_1's state in the next status (its counters stay as they are). */
    public volatile State vi1State = State.MASTER;

    /** VI_1 (Master) hears another master, 192.0.2.2 with priority 90: a split brain. */
    public volatile boolean splitBrain;

    /** A third instance, {@link #vi1v6()}: VI_1's IPv6 twin, as {@code bin/tandem-lab up --dual-stack} makes it. */
    public volatile boolean dualStack;

    @Override
    public NodeStatus status() {
        return new NodeStatus(
                "node1",
                "0.1.0",
                STARTED,
                maintenance,
                Path.of("/etc/tandem/node1.conf"),
                LOADED,
                dualStack
                        ? List.of(splitBrain ? vi1SplitBrain() : vi1(vi1State), vi2(), vi1v6())
                        : List.of(splitBrain ? vi1SplitBrain() : vi1(vi1State), vi2()),
                List.of(
                        new ScriptStatus("chk_nginx", CheckState.Status.OK, false),
                        new ScriptStatus("chk_spare", CheckState.Status.FAILED, true)),
                12_500_000L);
    }

    public static InstanceStatus vi1() {
        return vi1(State.MASTER);
    }

    public static InstanceStatus vi1(State state) {
        Map<DiscardReason, Long> discards = new EnumMap<>(DiscardReason.class);
        discards.put(DiscardReason.IP_TTL, 3L);
        discards.put(DiscardReason.AUTH_FAILURE, 2L);
        return new InstanceStatus(
                "VI_1",
                "eth0",
                51,
                VrrpVersion.V2,
                state,
                61_500_000_000L,
                "master down timer expired",
                100,
                150,
                List.of(new TrackerStatus(TrackerKey.script("chk_nginx"), true, 20, 20)),
                OptionalInt.of(150),
                "takeover by operator",
                List.of(new InstanceStatus.VipStatus("192.0.2.8/32", "eth0", true)),
                1_000_000_000L,
                1_000_000_000L,
                414_062_500L,
                3_414_062_500L,
                -1L,
                address("192.0.2.1"),
                150,
                2_500_000_000L,
                200_000_000L,
                0L,
                new InstanceStatus.Counters(61, 12, 2, 1, 0, 2, 0, 1, 0, 3, discards),
                List.of(new InstanceStatus.VipStatus("198.51.100.8/24", "eth1", true)),
                5_000_000_000L,
                List.of(),
                false);
    }

    /** {@link #vi1()}, hearing 192.0.2.2 (priority 90) 0.5 s ago while Master. */
    public static InstanceStatus vi1SplitBrain() {
        InstanceStatus i = vi1();
        return new InstanceStatus(
                i.name(),
                i.interfaceName(),
                i.vrid(),
                i.version(),
                i.state(),
                i.inStateNanos(),
                i.lastReason(),
                i.basePriority(),
                i.effectivePriority(),
                i.trackers(),
                i.override(),
                i.overrideReason(),
                i.vips(),
                i.advertIntervalNanos(),
                i.masterAdverIntervalNanos(),
                i.skewTimeNanos(),
                i.masterDownIntervalNanos(),
                i.masterDownRemainingNanos(),
                i.masterAddress(),
                i.masterPriority(),
                i.lastAdvertReceivedAgoNanos(),
                i.lastAdvertSentAgoNanos(),
                i.advertJitterNanos(),
                i.counters(),
                i.excludedVips(),
                i.garpMasterDelayNanos(),
                List.of(new InstanceStatus.HeardMaster(address("192.0.2.2"), 90, 500_000_000L)),
                true);
    }

    /** {@code s} with use_vmac's interface. */
    public static InstanceStatus withVmac(InstanceStatus s, InstanceStatus.VmacStatus vmac) {
        return new InstanceStatus(
                s.name(),
                s.interfaceName(),
                s.vrid(),
                s.version(),
                s.state(),
                s.inStateNanos(),
                s.lastReason(),
                s.basePriority(),
                s.effectivePriority(),
                s.trackers(),
                s.override(),
                s.overrideReason(),
                s.vips(),
                s.advertIntervalNanos(),
                s.masterAdverIntervalNanos(),
                s.skewTimeNanos(),
                s.masterDownIntervalNanos(),
                s.masterDownRemainingNanos(),
                s.masterAddress(),
                s.masterPriority(),
                s.lastAdvertReceivedAgoNanos(),
                s.lastAdvertSentAgoNanos(),
                s.advertJitterNanos(),
                s.counters(),
                s.excludedVips(),
                s.garpMasterDelayNanos(),
                s.mastersHeard(),
                s.splitBrain(),
                java.util.Optional.of(vmac));
    }

    public static InstanceStatus vi2() {
        return new InstanceStatus(
                "VI_2",
                "eth0",
                52,
                VrrpVersion.V3,
                State.BACKUP,
                5_000_000_000L,
                "higher priority advert from 192.0.2.2",
                90,
                90,
                List.of(),
                OptionalInt.empty(),
                null,
                List.of(new InstanceStatus.VipStatus("192.0.2.9/32", "eth0", false)),
                1_000_000_000L,
                1_000_000_000L,
                648_437_500L,
                3_648_437_500L,
                2_100_000_000L,
                address("192.0.2.2"),
                100,
                300_000_000L,
                -1L,
                1_250_000L,
                new InstanceStatus.Counters(0, 400, 1, 0, 0, 0, 0, 0, 1, 0, Map.of()),
                List.of(),
                2_000_000_000L,
                List.of(),
                false);
    }

    /** The link-local address VI_1_v6's adverts come from; it is its master address while Master. */
    public static final String VI1_V6_SOURCE = "fe80::f069:33ff:febb:b16e";

    /**
     * VI_1_v6: VRRPv3 over IPv6, Master, VIP 2001:db8::8/128 (in the kernel) and 2001:db8:0:1::8/64 excluded, its
     * master address its own link-local one. The VIPs come as the agent writes them (RFC 5952: compressed, lower
     * case), which every view must keep.
     */
    public static InstanceStatus vi1v6() {
        return new InstanceStatus(
                "VI_1_v6",
                "eth0",
                51,
                VrrpVersion.V3,
                State.MASTER,
                61_000_000_000L,
                "master down timer expired",
                150,
                150,
                List.of(),
                OptionalInt.empty(),
                null,
                List.of(new InstanceStatus.VipStatus("2001:db8::8/128", "eth0", true)),
                1_000_000_000L,
                1_000_000_000L,
                414_062_500L,
                3_414_062_500L,
                -1L,
                anyAddress(VI1_V6_SOURCE),
                150,
                -1L,
                200_000_000L,
                0L,
                new InstanceStatus.Counters(61, 0, 1, 1, 0, 1, 0, 0, 0, 0, Map.of()),
                List.of(new InstanceStatus.VipStatus("2001:db8:0:1::8/64", "eth0", true)),
                5_000_000_000L,
                List.of(),
                false);
    }

    private static InetAddress anyAddress(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Inet4Address address(String a) {
        try {
            return (Inet4Address) InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Hands an event to every subscriber, on this thread; returns when they have all returned. */
    public void publish(AgentEvent e) {
        listeners.forEach(l -> l.accept(e));
    }

    public int subscribers() {
        return listeners.size();
    }

    private String run(String command, String instance) throws ControlException {
        return run(command, instance, instance);
    }

    private String run(String command, String instance, String arguments) throws ControlException {
        ControlException failure = failures.get(command);
        calls.add(command + " " + arguments);
        if (failure != null) {
            throw failure;
        }
        if (!instance.equals("VI_1")
                && !instance.equals("VI_2")
                && !(dualStack && instance.equals("VI_1_v6"))
                && !command.equals("setMaintenance")) {
            throw new ControlException(
                    ControlException.Kind.INVALID_ARGUMENT,
                    "unknown instance \"" + instance + "\"; instances: VI_1, VI_2");
        }
        return instance + ": " + command + " done";
    }

    @Override
    public String takeover(String instance) throws ControlException {
        return run("takeover", instance);
    }

    @Override
    public String release(String instance) throws ControlException {
        return run("release", instance);
    }

    @Override
    public String setPriority(String instance, int priority) throws ControlException {
        if (priority < 1 || priority > 254) {
            calls.add("setPriority " + instance + " " + priority);
            throw new ControlException(
                    ControlException.Kind.INVALID_ARGUMENT, "priority " + priority + " is out of range 1..254");
        }
        return run("setPriority", instance, instance + " " + priority);
    }

    @Override
    public String clearPriority(String instance) throws ControlException {
        return run("clearPriority", instance);
    }

    @Override
    public String setMaintenance(boolean on) throws ControlException {
        String r = run("setMaintenance", on ? "on" : "off");
        maintenance = on;
        return r;
    }

    @Override
    public ReloadResult reload() {
        calls.add("reload");
        return reloadResult;
    }

    @Override
    public AutoCloseable subscribe(Consumer<AgentEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The calls so far, then forgets them. */
    public List<String> takeCalls() {
        List<String> c = new ArrayList<>(calls);
        calls.clear();
        return c;
    }
}
