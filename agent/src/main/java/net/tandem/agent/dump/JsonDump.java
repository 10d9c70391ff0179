package net.tandem.agent.dump;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.tandem.agent.config.IpAddresses;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.control.NodeStatus;
import net.tandem.agent.track.TrackerStatus;
import net.tandem.agent.vrrp.packet.DiscardReason;

/**
 * The JSON dump (keepalived's JSON signal, SIGRTMIN+2; {@code tandem.json}) in the shape of
 * keepalived's {@code /tmp/keepalived.json}: an array with one {@code {"data": ..., "stats": ...}}
 * per instance, with keepalived's key names where the value means the same ({@code iname},
 * {@code state} as keepalived's number, {@code effective_priority}, {@code advert_rcvd},
 * {@code pri_zero_sent}...), so that a script reading keepalived's file reads ours. What keepalived
 * does not have is added under names of our own; times are milliseconds, -1 for "never".
 */
public final class JsonDump {
    private JsonDump() {}

    public static String format(NodeStatus node, Instant now) {
        List<String> entries = new ArrayList<>();
        for (InstanceStatus i : node.instances()) {
            entries.add("{\"data\":" + data(i, now) + ",\"stats\":" + stats(i.counters()) + "}");
        }
        return "[" + String.join(",", entries) + "]\n";
    }

    private static String data(InstanceStatus i, Instant now) {
        Obj o = new Obj();
        o.string("iname", i.name());
        // keepalived's: the instance's interface is its VMAC with use_vmac (vmac_xmit_base or not), and vmac_ifname
        // is "" without one.
        o.string("ifp_ifname", i.vmac().map(v -> v.interfaceName()).orElse(i.interfaceName()));
        o.number("vrid", i.vrid());
        o.string("vmac_ifname", i.vmac().map(v -> v.interfaceName()).orElse(""));
        o.number("version", i.version().number());
        o.number("state", i.state().metricValue());
        o.string("state_name", i.state().name());
        o.string("last_transition_reason", i.lastReason());
        o.number("in_state_ms", millis(i.inStateNanos()));
        o.number("base_priority", i.basePriority());
        o.number("effective_priority", i.effectivePriority());
        o.raw(
                "override",
                i.override().isPresent() ? Integer.toString(i.override().getAsInt()) : "null");
        o.string("override_reason", i.overrideReason());
        o.string("master_saddr", i.masterAddress() == null ? null : IpAddresses.show(i.masterAddress()));
        o.number("master_priority", i.masterPriority());
        o.number("adver_int_ms", millis(i.advertIntervalNanos()));
        o.number("master_adver_int_ms", millis(i.masterAdverIntervalNanos()));
        o.number("skew_time_ms", millis(i.skewTimeNanos()));
        o.number("master_down_interval_ms", millis(i.masterDownIntervalNanos()));
        o.number("master_down_remaining_ms", millis(i.masterDownRemainingNanos()));
        o.number("last_advert_received_ms_ago", millis(i.lastAdvertReceivedAgoNanos()));
        o.number("last_advert_sent_ms_ago", millis(i.lastAdvertSentAgoNanos()));
        o.string("dump_time", now.toString());
        List<String> vips = new ArrayList<>();
        for (InstanceStatus.VipStatus v : i.vips()) {
            Obj vip = new Obj();
            vip.string("address", v.address());
            vip.string("dev", v.interfaceName());
            vip.raw("in_kernel", Boolean.toString(v.presentInKernel()));
            vips.add(vip.toString());
        }
        o.raw("vips", "[" + String.join(",", vips) + "]");
        List<String> trackers = new ArrayList<>();
        for (TrackerStatus t : i.trackers()) {
            Obj tr = new Obj();
            tr.string("kind", t.key().kind().word());
            tr.string("name", t.key().name());
            tr.raw("ok", Boolean.toString(t.ok()));
            tr.number("weight", t.weight());
            tr.number("contribution", t.contribution());
            trackers.add(tr.toString());
        }
        o.raw("trackers", "[" + String.join(",", trackers) + "]");
        return o.toString();
    }

    private static String stats(InstanceStatus.Counters c) {
        Obj o = new Obj();
        o.number("advert_rcvd", c.advertsReceived());
        o.number("advert_sent", c.advertsSent());
        o.number("become_master", c.becomeMaster());
        o.number("release_master", c.releaseMaster());
        o.number("packet_len_err", StatsDump.discards(c, DiscardReason.PACKET_LENGTH));
        o.number("advert_interval_err", StatsDump.discards(c, DiscardReason.ADVERT_INTERVAL));
        o.number("ip_ttl_err", StatsDump.discards(c, DiscardReason.IP_TTL));
        o.number("invalid_type_rcvd", StatsDump.discards(c, DiscardReason.INVALID_TYPE));
        o.number("addr_list_err", StatsDump.discards(c, DiscardReason.ADDRESS_LIST));
        o.number("invalid_authtype", StatsDump.discards(c, DiscardReason.INVALID_AUTH_TYPE));
        o.number("authtype_mismatch", StatsDump.discards(c, DiscardReason.AUTH_TYPE_MISMATCH));
        o.number("auth_failure", StatsDump.discards(c, DiscardReason.AUTH_FAILURE));
        o.number("pri_zero_rcvd", c.priorityZeroReceived());
        o.number("pri_zero_sent", c.priorityZeroSent());
        o.number("transitions", c.transitions());
        o.number("garp_bursts", c.gratuitousArpBursts());
        o.number("master_adver_interval_changes", c.masterAdverIntervalChanges());
        o.number("lower_priority_answers_limited", c.lowerPriorityAnswersLimited());
        Obj discards = new Obj();
        for (DiscardReason r : DiscardReason.values()) {
            discards.number(r.name().toLowerCase(java.util.Locale.ROOT), StatsDump.discards(c, r));
        }
        o.raw("discards", discards.toString());
        return o.toString();
    }

    private static long millis(long nanos) {
        return nanos < 0 ? -1 : nanos / 1_000_000;
    }

    /** One JSON object, its members in the order added. */
    private static final class Obj {
        private final List<String> members = new ArrayList<>();

        void string(String key, String value) {
            raw(key, value == null ? "null" : quote(value));
        }

        void number(String key, long value) {
            raw(key, Long.toString(value));
        }

        void raw(String key, String json) {
            members.add(quote(key) + ":" + json);
        }

        @Override
        public String toString() {
            return "{" + String.join(",", members) + "}";
        }
    }

    /** A JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
