package net.tandem.agent.dump;

import java.time.Instant;
import java.util.Locale;
import net.tandem.agent.config.IpAddresses;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.control.NodeStatus;
import net.tandem.agent.track.TrackerStatus;

/**
 * The data dump (SIGUSR1, {@code tandem.data}): what keepalived's {@code /tmp/keepalived.data} says
 * about its VRRP instances, in its "Key = value" layout so that the same eyes and greps find things
 * (" VRRP Instance = VI_1", "   State = MASTER"), built from one {@link NodeStatus} snapshot.
 */
public final class DataDump {
    private DataDump() {}

    public static String format(NodeStatus node, Instant now) {
        StringBuilder b = new StringBuilder();
        b.append("------< Tandem agent >------\n");
        line(b, 1, "Dump time", now.toString());
        line(b, 1, "Router ID", node.routerId());
        line(b, 1, "Version", node.version());
        line(b, 1, "Started", node.startedAt().toString());
        line(b, 1, "Configuration", node.configFile() + ", loaded " + node.configLoadedAt());
        line(b, 1, "Maintenance", node.maintenance() ? "on (every instance gives its addresses away)" : "off");
        b.append("------< VRRP Topology >------\n");
        for (InstanceStatus i : node.instances()) {
            instance(b, i);
        }
        return b.toString();
    }

    private static void instance(StringBuilder b, InstanceStatus i) {
        line(b, 1, "VRRP Instance", i.name());
        line(
                b,
                3,
                "State",
                i.state() + " for " + seconds(i.inStateNanos())
                        + (i.lastReason() == null ? "" : " (" + i.lastReason() + ")"));
        line(
                b,
                3,
                "Interface",
                i.vmac()
                        .map(v -> v.interfaceName() + ", vmac " + v.mac() + " on " + i.interfaceName()
                                + (v.xmitBase() ? ", xmit base i/f" : ""))
                        .orElse(i.interfaceName()));
        line(b, 3, "Virtual Router ID", Integer.toString(i.vrid()));
        line(b, 3, "VRRP Version", Integer.toString(i.version().number()));
        line(b, 3, "Priority", Integer.toString(i.basePriority()));
        line(b, 3, "Effective priority", Integer.toString(i.effectivePriority()));
        if (i.override().isPresent()) {
            line(b, 3, "Operator override", i.override().getAsInt() + " (" + i.overrideReason() + ")");
        }
        line(b, 3, "Master router", i.masterAddress() == null ? "unknown" : IpAddresses.show(i.masterAddress()));
        line(b, 3, "Master priority", Integer.toString(i.masterPriority()));
        line(b, 3, "Advert interval", seconds(i.advertIntervalNanos()));
        line(b, 3, "Master advert interval", seconds(i.masterAdverIntervalNanos()));
        line(b, 3, "Skew time", seconds(i.skewTimeNanos()));
        line(b, 3, "Master down interval", seconds(i.masterDownIntervalNanos()));
        line(b, 3, "Master down timer", running(i.masterDownRemainingNanos(), "left"));
        line(b, 3, "Last advert received", running(i.lastAdvertReceivedAgoNanos(), "ago"));
        line(b, 3, "Last advert sent", running(i.lastAdvertSentAgoNanos(), "ago"));
        line(b, 3, "Advert jitter", seconds(i.advertJitterNanos()));
        b.append("   Tracked (").append(i.trackers().size()).append("):\n");
        for (TrackerStatus t : i.trackers()) {
            b.append("     ").append(t.key()).append(": ").append(t.ok() ? "ok" : "FAILED");
            b.append(t.weight() == 0 ? ", no weight (failed = FAULT)" : ", weight " + t.weight());
            b.append(", priority ").append(signed(t.contribution())).append('\n');
        }
        b.append("   Virtual IP (").append(i.vips().size()).append("):\n");
        for (InstanceStatus.VipStatus v : i.vips()) {
            b.append("     ").append(v.address()).append(" dev ").append(v.interfaceName());
            b.append(v.presentInKernel() ? " (in the kernel)" : " (not in the kernel)")
                    .append('\n');
        }
    }

    private static void line(StringBuilder b, int indent, String key, String value) {
        b.append(" ".repeat(indent)).append(key).append(" = ").append(value).append('\n');
    }

    /** "1.250 s": timers are in nanoseconds; milliseconds are what an operator compares. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    /** A time that may not apply: -1 means the timer is not running, or the thing never happened. */
    private static String running(long nanos, String suffix) {
        if (nanos < 0) {
            return suffix.equals("left") ? "not running" : "never";
        }
        return seconds(nanos) + " " + suffix;
    }

    private static String signed(int n) {
        return n > 0 ? "+" + n : Integer.toString(n);
    }
}
