package net.tandem.console.ctl;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.tandem.proto.v1.GetStatusResponse;
import net.tandem.proto.v1.Instance;
import net.tandem.proto.v1.Node;

/**
 * {@code tandemctl status} for people: a line about the node, then one row per instance.
 *
 * <pre>
 * node1  tandem 0.1.0  up 1h00m  maintenance off  config /etc/tandem/node1.conf (loaded 2026-05-01T10:00:01Z)
 * INSTANCE  STATE   IF    VRID  PRIO      MASTER           ADVERT RX  VIPS           REASON
 * VI_1      MASTER  eth0  51    150/100*  192.0.2.1 (150)  2.5s ago   192.0.2.8/32   master down timer expired
 * </pre>
 *
 * PRIO is effective/configured, {@code *} marks an operator's override; a VIP marked {@code !} should be on the
 * interface (or should not) but the kernel says otherwise. An instance with use_vmac gets a line under the table:
 * {@code VI_1: VIPs on VMAC vrrp.51 (00:00:5e:00:01:33), adverts via vrrp.51}.
 */
final class StatusTable {

    private StatusTable() {}

    static String render(GetStatusResponse s) {
        Node n = s.getNode();
        StringBuilder b = new StringBuilder();
        b.append(n.getRouterId())
                .append("  tandem ")
                .append(n.getVersion())
                .append("  up ")
                .append(human(n.getUptime()))
                .append("  maintenance ")
                .append(n.getMaintenance() ? "ON" : "off")
                .append("  config ")
                .append(n.getConfigFile());
        if (n.hasConfigLoadedAt()) {
            b.append(" (loaded ").append(seconds(n.getConfigLoadedAt())).append(')');
        }
        b.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"INSTANCE", "STATE", "IF", "VRID", "PRIO", "MASTER", "ADVERT RX", "VIPS", "REASON"});
        for (Instance i : s.getInstancesList()) {
            rows.add(new String[] {
                i.getName(),
                i.getState().name(),
                i.getInterface(),
                Integer.toString(i.getVrid()),
                i.getBasePriority() + "->" + i.getEffectivePriority()
                        + (i.hasOverridePriority() ? "*" : ""), // as the console shows it
                i.getMasterAddress().isEmpty() ? "-" : i.getMasterAddress() + " (" + i.getMasterPriority() + ")",
                i.hasLastAdvertReceivedAgo() ? human(i.getLastAdvertReceivedAgo()) + " ago" : "never",
                i.getVipsList().stream()
                        .map(v -> v.getAddress()
                                + (v.getPresentInKernel() == (i.getState() == net.tandem.proto.v1.State.MASTER)
                                        ? ""
                                        : "!"))
                        .collect(Collectors.joining(",")),
                i.getLastReason()
            });
        }
        int[] width = new int[rows.getFirst().length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                line.append(c == r.length - 1 ? r[c] : String.format("%-" + width[c] + "s  ", r[c]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        for (Instance i : s.getInstancesList()) {
            if (i.hasVmac()) {
                b.append(vmacLine(i)).append('\n');
            }
        }
        for (Instance i : s.getInstancesList()) {
            if (i.getSplitBrain()) {
                b.append("SPLIT BRAIN: ")
                        .append(i.getName())
                        .append(" has two masters at once: ")
                        .append(net.tandem.console.grpc.MastersHeardText.of(
                                i.getMastersHeardList(), i.getState() == net.tandem.proto.v1.State.MASTER))
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** Where an instance with use_vmac holds its VIPs and sends its adverts. */
    static String vmacLine(Instance i) {
        net.tandem.proto.v1.Vmac v = i.getVmac();
        return i.getName() + ": VIPs on VMAC " + v.getInterface() + " (" + v.getMac() + "), adverts via "
                + (v.getXmitBase() ? i.getInterface() + " (vmac_xmit_base)" : v.getInterface());
    }

    /** {@code 2026-05-01T10:00:01Z}: a person reads a load time to the second, not to the nanosecond. */
    static String seconds(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds()).toString();
    }

    /** {@code 2026-05-01T10:00:01.234Z}: events a few milliseconds apart stay in an order a person can follow. */
    static String millis(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos())
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
    }

    /** 0.2s, 2.5s, 61s -> 1m01s, 1h00m, 2d03h. */
    static String human(Duration d) {
        long ms = d.getSeconds() * 1000 + d.getNanos() / 1_000_000;
        if (ms < 10_000) {
            return String.format("%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format("%dd%02dh", s / 86400, (s % 86400) / 3600);
    }
}
