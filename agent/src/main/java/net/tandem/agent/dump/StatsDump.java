package net.tandem.agent.dump;

import java.util.EnumSet;
import java.util.Set;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.control.NodeStatus;
import net.tandem.agent.vrrp.packet.DiscardReason;

/**
 * The stats dump (SIGUSR2, {@code tandem.stats}): keepalived's {@code /tmp/keepalived.stats}
 * layout and labels, line for line where keepalived counts the same thing (so scripts that grep
 * "Became master" or "Priority Zero" keep working), then the discards keepalived does not count
 * separately and Tandem does.
 */
public final class StatsDump {
    /** The discard reasons keepalived prints under its own labels, above. */
    private static final Set<DiscardReason> KEEPALIVED_LABELS = EnumSet.of(
            DiscardReason.PACKET_LENGTH,
            DiscardReason.IP_TTL,
            DiscardReason.INVALID_TYPE,
            DiscardReason.ADVERT_INTERVAL,
            DiscardReason.ADDRESS_LIST,
            DiscardReason.INVALID_AUTH_TYPE,
            DiscardReason.AUTH_TYPE_MISMATCH,
            DiscardReason.AUTH_FAILURE);

    private StatsDump() {}

    public static String format(NodeStatus node) {
        StringBuilder b = new StringBuilder();
        for (InstanceStatus i : node.instances()) {
            InstanceStatus.Counters c = i.counters();
            b.append("VRRP Instance: ").append(i.name()).append('\n');
            b.append("  Advertisements:\n");
            count(b, 4, "Received", c.advertsReceived());
            count(b, 4, "Sent", c.advertsSent());
            count(b, 2, "Became master", c.becomeMaster());
            count(b, 2, "Released master", c.releaseMaster());
            b.append("  Packet Errors:\n");
            count(b, 4, "Length", discards(c, DiscardReason.PACKET_LENGTH));
            count(b, 4, "TTL", discards(c, DiscardReason.IP_TTL));
            count(b, 4, "Invalid Type", discards(c, DiscardReason.INVALID_TYPE));
            count(b, 4, "Advertisement Interval", discards(c, DiscardReason.ADVERT_INTERVAL));
            count(b, 4, "Address List", discards(c, DiscardReason.ADDRESS_LIST));
            b.append("  Authentication Errors:\n");
            count(b, 4, "Invalid Type", discards(c, DiscardReason.INVALID_AUTH_TYPE));
            count(b, 4, "Type Mismatch", discards(c, DiscardReason.AUTH_TYPE_MISMATCH));
            count(b, 4, "Failure", discards(c, DiscardReason.AUTH_FAILURE));
            b.append("  Priority Zero:\n");
            count(b, 4, "Received", c.priorityZeroReceived());
            count(b, 4, "Sent", c.priorityZeroSent());
            b.append("  Other Discards:\n");
            for (DiscardReason r : DiscardReason.values()) {
                if (!KEEPALIVED_LABELS.contains(r)) {
                    count(b, 4, label(r), discards(c, r));
                }
            }
            count(b, 2, "Transitions", c.transitions());
            count(b, 2, "Gratuitous ARP bursts", c.gratuitousArpBursts());
            count(b, 2, "Master_Adver_Interval changes", c.masterAdverIntervalChanges());
            count(b, 2, "Lower priority answers limited", c.lowerPriorityAnswersLimited());
        }
        return b.toString();
    }

    static long discards(InstanceStatus.Counters c, DiscardReason r) {
        return c.discards().getOrDefault(r, 0L);
    }

    /** IP_HEADER -> "IP header", as the other labels read. */
    private static String label(DiscardReason r) {
        String words = r.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        words = words.replace("ip ", "IP ").replace("vrid", "VRID");
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static void count(StringBuilder b, int indent, String label, long value) {
        b.append(" ".repeat(indent)).append(label).append(": ").append(value).append('\n');
    }
}
