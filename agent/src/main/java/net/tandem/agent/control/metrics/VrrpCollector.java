package net.tandem.agent.control.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import net.tandem.agent.control.ControlTarget;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.control.NodeStatus;
import net.tandem.agent.control.ScriptStatus;
import net.tandem.agent.track.CheckState;
import net.tandem.agent.track.TrackerStatus;
import net.tandem.agent.vrrp.packet.DiscardReason;

/**
 * The agent's state as Prometheus metrics, read from one fresh {@link ControlTarget#status()} per scrape: nothing is
 * counted twice, and what a scrape shows is what GetStatus would have said at that instant.
 *
 * <p>Names and label sets are keepalived-exporter's (mehdy/keepalived-exporter v1.7.1, its {@code collector.go}; the
 * list is kept in {@code src/test/resources/keepalived-exporter-metrics.txt} and compared with a scrape), so that its
 * dashboards and alerts work unchanged: {@code keepalived_vrrp_state} and {@code keepalived_vrrp_excluded_state} with
 * labels {@code iname intf vrid ip_address} (one series per address; 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT), the
 * per-instance counters with {@code iname intf vrid}, and {@code keepalived_script_status} / {@code _state} with
 * {@code name}. No label changes with the state (the exporter dropped {@code state} in v1.3.0): a transition must not
 * start new series. Tandem's own metrics start with {@code tandem_} and use the same instance labels.
 */
public final class VrrpCollector implements MultiCollector {

    private static final List<String> INSTANCE_LABELS = List.of("iname", "intf", "vrid");
    private static final List<String> ADDRESS_LABELS = List.of("iname", "intf", "vrid", "ip_address");
    private static final List<String> SCRIPT_LABELS = List.of("name");

    /** keepalived-exporter's counters for the discard reasons keepalived also counts. */
    private static final Map<DiscardReason, String[]> KEEPALIVED_DISCARDS = new LinkedHashMap<>();

    static {
        KEEPALIVED_DISCARDS.put(
                DiscardReason.PACKET_LENGTH, new String[] {"keepalived_packet_length_errors", "Packet length errors"});
        KEEPALIVED_DISCARDS.put(
                DiscardReason.ADVERT_INTERVAL,
                new String[] {"keepalived_advertisements_interval_errors", "Advertisement interval errors"});
        KEEPALIVED_DISCARDS.put(DiscardReason.IP_TTL, new String[] {"keepalived_ip_ttl_errors", "TTL errors"});
        KEEPALIVED_DISCARDS.put(
                DiscardReason.INVALID_TYPE, new String[] {"keepalived_invalid_type_received", "Invalid type errors"});
        KEEPALIVED_DISCARDS.put(
                DiscardReason.ADDRESS_LIST, new String[] {"keepalived_address_list_errors", "Address list errors"});
        KEEPALIVED_DISCARDS.put(
                DiscardReason.INVALID_AUTH_TYPE,
                new String[] {"keepalived_authentication_invalid", "Authentication invalid"});
        KEEPALIVED_DISCARDS.put(
                DiscardReason.AUTH_TYPE_MISMATCH,
                new String[] {"keepalived_authentication_mismatch", "Authentication mismatch"});
        KEEPALIVED_DISCARDS.put(
                DiscardReason.AUTH_FAILURE,
                new String[] {"keepalived_authentication_failure", "Authentication failure"});
    }

    private final ControlTarget target;

    public VrrpCollector(ControlTarget target) {
        this.target = target;
    }

    @Override
    public MetricSnapshots collect() {
        NodeStatus node;
        try {
            node = target.status();
        } catch (RuntimeException e) {
            // As keepalived-exporter does when keepalived does not answer: up 0 and nothing else.
            return MetricSnapshots.of(gauge(
                    "keepalived_up",
                    "Status",
                    List.of(GaugeDataPointSnapshot.builder().value(0).build())));
        }
        List<MetricSnapshot> out = new ArrayList<>();
        List<InstanceStatus> instances = node.instances();
        out.add(gauge(
                "keepalived_up",
                "Status",
                List.of(GaugeDataPointSnapshot.builder().value(1).build())));

        List<GaugeDataPointSnapshot> states = new ArrayList<>();
        List<GaugeDataPointSnapshot> excluded = new ArrayList<>();
        for (InstanceStatus i : instances) {
            for (InstanceStatus.VipStatus v : i.vips()) {
                states.add(addressPoint(i, v, i.state().metricValue()));
            }
            if (i.vips().isEmpty()) {
                // As the exporter does for an instance without addresses: one series, ip_address empty.
                states.add(GaugeDataPointSnapshot.builder()
                        .value(i.state().metricValue())
                        .labels(Labels.of(
                                ADDRESS_LABELS, List.of(i.name(), i.interfaceName(), Integer.toString(i.vrid()), "")))
                        .build());
            }
            for (InstanceStatus.VipStatus v : i.excludedVips()) {
                excluded.add(addressPoint(i, v, i.state().metricValue()));
            }
        }
        out.add(gauge("keepalived_vrrp_state", "State of vrrp", states));
        out.add(gauge("keepalived_vrrp_excluded_state", "State of vrrp with excluded VIP", excluded));
        // The exporter's name for keepalived's "Gratuitous ARP delay" (garp_master_delay, in seconds): a setting, not
        // a count, but dashboards query it as a counter, so it is typed as one.
        out.add(counter(
                "keepalived_gratuitous_arp_delay",
                "Gratuitous ARP delay",
                instances,
                i -> seconds(i.garpMasterDelayNanos())));

        out.add(counter(
                "keepalived_advertisements_received",
                "Advertisements received",
                instances,
                i -> i.counters().advertsReceived()));
        out.add(counter(
                "keepalived_advertisements_sent",
                "Advertisements sent",
                instances,
                i -> i.counters().advertsSent()));
        out.add(counter(
                "keepalived_become_master",
                "Became master",
                instances,
                i -> i.counters().becomeMaster()));
        out.add(counter(
                "keepalived_release_master",
                "Released master",
                instances,
                i -> i.counters().releaseMaster()));
        KEEPALIVED_DISCARDS.forEach((reason, nameAndHelp) -> out.add(counter(
                nameAndHelp[0],
                nameAndHelp[1],
                instances,
                i -> i.counters().discards().getOrDefault(reason, 0L))));
        out.add(counter(
                "keepalived_priority_zero_received",
                "Priority zero received",
                instances,
                i -> i.counters().priorityZeroReceived()));
        out.add(counter(
                "keepalived_priority_zero_sent",
                "Priority zero sent",
                instances,
                i -> i.counters().priorityZeroSent()));

        out.add(instanceGauge(
                "tandem_vrrp_effective_priority",
                "Priority advertised now: trackers and operator overrides applied",
                instances,
                InstanceStatus::effectivePriority));
        out.add(instanceGauge(
                "tandem_vrrp_base_priority", "Configured priority", instances, InstanceStatus::basePriority));
        out.add(instanceGauge(
                "tandem_vrrp_time_in_state_seconds",
                "Time since the instance entered its state",
                instances,
                i -> seconds(i.inStateNanos())));
        out.add(instanceGauge(
                "tandem_vrrp_master_down_interval_seconds",
                "Master_Down_Interval: 3 * Master_Adver_Interval + Skew_Time",
                instances,
                i -> seconds(i.masterDownIntervalNanos())));
        out.add(instanceGauge(
                "tandem_vrrp_master_adver_interval_seconds",
                "Master_Adver_Interval (v3: learnt from the master)",
                instances,
                i -> seconds(i.masterAdverIntervalNanos())));
        out.add(instanceGauge(
                "tandem_vrrp_advert_jitter_seconds",
                "How irregularly the master's adverts arrive (RFC 3550 jitter estimator)",
                instances,
                i -> seconds(i.advertJitterNanos())));
        out.add(instanceGauge(
                "tandem_vrrp_master_down_remaining_seconds",
                "Time left before the master down timer fires; -1 when it is not running",
                instances,
                i -> i.masterDownRemainingNanos() < 0 ? -1 : seconds(i.masterDownRemainingNanos())));
        out.add(instanceGauge(
                "tandem_vrrp_last_advert_received_age_seconds",
                "Time since the last advert was received; -1 if none ever was",
                instances,
                i -> i.lastAdvertReceivedAgoNanos() < 0 ? -1 : seconds(i.lastAdvertReceivedAgoNanos())));
        out.add(instanceGauge(
                "tandem_vrrp_override",
                "1 while an operator's priority override applies",
                instances,
                i -> i.override().isPresent() ? 1 : 0));
        out.add(instanceGauge(
                "tandem_vrrp_split_brain",
                "1 while this node sees two masters of the VRID at once (itself and another, or two others)",
                instances,
                i -> i.splitBrain() ? 1 : 0));
        out.add(instanceGauge(
                "tandem_vrrp_masters_heard",
                "Other routers heard advertising as master of the VRID in the last three Master_Down_Intervals",
                instances,
                i -> i.mastersHeard().size()));
        out.add(counter(
                "tandem_vrrp_transitions",
                "State transitions",
                instances,
                i -> i.counters().transitions()));
        out.add(counter(
                "tandem_vrrp_gratuitous_arp_bursts",
                "Bursts of gratuitous ARPs sent",
                instances,
                i -> i.counters().gratuitousArpBursts()));
        out.add(counter(
                "tandem_vrrp_master_adver_interval_changes",
                "VRRPv3: changes of the Master_Adver_Interval learned from the master (bounded to twice ours)",
                instances,
                i -> i.counters().masterAdverIntervalChanges()));
        out.add(counter(
                "tandem_vrrp_lower_priority_answers_limited",
                "A master's answers to outranked adverts (advert, or gratuitous ARPs and notify) left out by the rate limit",
                instances,
                i -> i.counters().lowerPriorityAnswersLimited()));

        List<CounterDataPointSnapshot> discards = new ArrayList<>();
        for (InstanceStatus i : instances) {
            for (DiscardReason r : DiscardReason.values()) {
                discards.add(CounterDataPointSnapshot.builder()
                        .value(i.counters().discards().getOrDefault(r, 0L))
                        .labels(instanceLabels(i).add("reason", r.name()))
                        .build());
            }
        }
        CounterSnapshot.Builder discarded =
                CounterSnapshot.builder().name("tandem_vrrp_adverts_discarded").help("Adverts discarded, by reason");
        discards.forEach(discarded::dataPoint);
        out.add(discarded.build());

        GaugeSnapshot.Builder trackerOk = GaugeSnapshot.builder()
                .name("tandem_vrrp_tracker_ok")
                .help("1 while what the tracker watches is OK (script, interface, file or process)");
        GaugeSnapshot.Builder trackerContribution = GaugeSnapshot.builder()
                .name("tandem_vrrp_tracker_priority_contribution")
                .help("What the tracker adds to (or takes from) the instance's priority now");
        for (InstanceStatus i : instances) {
            for (TrackerStatus t : i.trackers()) {
                Labels l = instanceLabels(i)
                        .add("kind", t.key().kind().word())
                        .add("name", t.key().name());
                trackerOk.dataPoint(GaugeDataPointSnapshot.builder()
                        .value(t.ok() ? 1 : 0)
                        .labels(l)
                        .build());
                trackerContribution.dataPoint(GaugeDataPointSnapshot.builder()
                        .value(t.contribution())
                        .labels(l)
                        .build());
            }
        }
        out.add(trackerOk.build());
        out.add(trackerContribution.build());

        // keepalived's vrrp_script dump: Status GOOD (1) or BAD (0); State idle (0) or running (1).
        GaugeSnapshot.Builder scriptStatus =
                GaugeSnapshot.builder().name("keepalived_script_status").help("Tracker Script Status");
        GaugeSnapshot.Builder scriptState =
                GaugeSnapshot.builder().name("keepalived_script_state").help("Tracker Script State");
        for (ScriptStatus sc : node.scripts()) {
            Labels l = Labels.of(SCRIPT_LABELS, List.of(sc.name()));
            scriptStatus.dataPoint(GaugeDataPointSnapshot.builder()
                    .value(sc.status() == CheckState.Status.OK ? 1 : 0)
                    .labels(l)
                    .build());
            scriptState.dataPoint(GaugeDataPointSnapshot.builder()
                    .value(sc.running() ? 1 : 0)
                    .labels(l)
                    .build());
        }
        out.add(scriptStatus.build());
        out.add(scriptState.build());

        List<GaugeDataPointSnapshot> vips = new ArrayList<>();
        for (InstanceStatus i : instances) {
            for (InstanceStatus.VipStatus v : i.vips()) {
                vips.add(addressPoint(i, v, v.presentInKernel() ? 1 : 0));
            }
            for (InstanceStatus.VipStatus v : i.excludedVips()) {
                vips.add(addressPoint(i, v, v.presentInKernel() ? 1 : 0));
            }
        }
        out.add(gauge("tandem_vrrp_vip_present", "1 if the kernel has the virtual address on the interface", vips));
        List<GaugeDataPointSnapshot> vmacs = new ArrayList<>();
        for (InstanceStatus i : instances) {
            i.vmac()
                    .ifPresent(v -> vmacs.add(GaugeDataPointSnapshot.builder()
                            .value(1)
                            .labels(instanceLabels(i)
                                    .add("vmac_intf", v.interfaceName())
                                    .add("mac", v.mac())
                                    .add("xmit_base", Boolean.toString(v.xmitBase())))
                            .build()));
        }
        out.add(gauge(
                "tandem_vrrp_vmac_info",
                "use_vmac: the instance's VMAC interface, its virtual router MAC and whether adverts go from the base"
                        + " interface (value 1)",
                vmacs));
        out.add(gauge(
                "tandem_maintenance",
                "1 while the node is in maintenance (gives every address away)",
                List.of(GaugeDataPointSnapshot.builder()
                        .value(node.maintenance() ? 1 : 0)
                        .build())));
        out.add(gauge(
                "tandem_event_loop_max_lateness_seconds",
                "The latest the event loop has fired a timer since the agent started: a late loop is a late advert",
                List.of(GaugeDataPointSnapshot.builder()
                        .value(seconds(node.loopMaxLatenessNanos()))
                        .build())));
        out.add(gauge(
                "tandem_build_info",
                "The agent's version (value 1)",
                List.of(GaugeDataPointSnapshot.builder()
                        .value(1)
                        .labels(Labels.of("version", node.version()))
                        .build())));
        return new MetricSnapshots(out);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static Labels instanceLabels(InstanceStatus i) {
        return Labels.of(INSTANCE_LABELS, List.of(i.name(), i.interfaceName(), Integer.toString(i.vrid())));
    }

    /** One address of an instance: the address's own device if it names one (as keepalived's dump does). */
    private static GaugeDataPointSnapshot addressPoint(InstanceStatus i, InstanceStatus.VipStatus v, double value) {
        return GaugeDataPointSnapshot.builder()
                .value(value)
                .labels(Labels.of(
                        ADDRESS_LABELS,
                        List.of(
                                i.name(),
                                v.interfaceName() == null ? i.interfaceName() : v.interfaceName(),
                                Integer.toString(i.vrid()),
                                keepalivedAddress(v.address()))))
                .build();
    }

    /**
     * The address as keepalived writes it in its data dump, which is what the exporter puts in {@code ip_address}:
     * the prefix length only when the address is not a host address ({@code 192.0.2.8}, {@code 192.0.2.8/24}).
     */
    static String keepalivedAddress(String addressWithPrefix) {
        boolean v6 = addressWithPrefix.indexOf(':') >= 0;
        String host = v6 ? "/128" : "/32";
        return addressWithPrefix.endsWith(host)
                ? addressWithPrefix.substring(0, addressWithPrefix.length() - host.length())
                : addressWithPrefix;
    }

    private static GaugeSnapshot gauge(String name, String help, List<GaugeDataPointSnapshot> points) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        points.forEach(b::dataPoint);
        return b.build();
    }

    private static GaugeSnapshot instanceGauge(
            String name, String help, List<InstanceStatus> instances, ToDoubleFunction<InstanceStatus> value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (InstanceStatus i : instances) {
            b.dataPoint(GaugeDataPointSnapshot.builder()
                    .value(value.applyAsDouble(i))
                    .labels(instanceLabels(i))
                    .build());
        }
        return b.build();
    }

    /** A counter; the exposition format adds {@code _total}. */
    private static CounterSnapshot counter(
            String name, String help, List<InstanceStatus> instances, ToDoubleFunction<InstanceStatus> value) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (InstanceStatus i : instances) {
            b.dataPoint(CounterDataPointSnapshot.builder()
                    .value(value.applyAsDouble(i))
                    .labels(instanceLabels(i))
                    .build());
        }
        return b.build();
    }
}
