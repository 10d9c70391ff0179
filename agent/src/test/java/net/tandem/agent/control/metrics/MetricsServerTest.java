package net.tandem.agent.control.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.tandem.agent.control.AgentEvent;
import net.tandem.agent.control.ControlTarget;
import net.tandem.agent.control.FakeControlTarget;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.control.NodeStatus;
import net.tandem.agent.vrrp.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real scrape over HTTP: keepalived-exporter's names and labels, Tandem's own metrics, fresh at every scrape. */
class MetricsServerTest {

    private final FakeControlTarget target = new FakeControlTarget();
    private MetricsServer server;

    @BeforeEach
    void start() throws Exception {
        server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), target);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, Double> scrape() throws Exception {
        return Scrape.of(server).series();
    }

    @Test
    void stateIsKeepalivedExportersGaugePerVirtualAddress() throws Exception {
        Map<String, Double> m = scrape();

        assertThat(m)
                .containsEntry(
                        "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",ip_address=\"192.0.2.8\",vrid=\"51\"}",
                        2.0);
        assertThat(m)
                .containsEntry(
                        "keepalived_vrrp_state{iname=\"VI_2\",intf=\"eth0\",ip_address=\"192.0.2.9\",vrid=\"52\"}",
                        1.0);
        assertThat(m).containsEntry("keepalived_up", 1.0);
    }

    @Test
    void excludedAddressesScriptsAndGratuitousArpDelayAsTheExporterShowsThem() throws Exception {
        Map<String, Double> m = scrape();

        assertThat(m)
                .containsEntry(
                        "keepalived_vrrp_excluded_state{iname=\"VI_1\",intf=\"eth1\",ip_address=\"198.51.100.8/24\","
                                + "vrid=\"51\"}",
                        2.0)
                .containsEntry("keepalived_gratuitous_arp_delay_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"}", 5.0)
                .containsEntry("keepalived_gratuitous_arp_delay_total{iname=\"VI_2\",intf=\"eth0\",vrid=\"52\"}", 2.0)
                .containsEntry("keepalived_script_status{name=\"chk_nginx\"}", 1.0)
                .containsEntry("keepalived_script_state{name=\"chk_nginx\"}", 0.0)
                .containsEntry("keepalived_script_status{name=\"chk_spare\"}", 0.0)
                .containsEntry("keepalived_script_state{name=\"chk_spare\"}", 1.0);
    }

    @Test
    void anInstanceWithoutAddressesStillHasItsStateSeries() {
        InstanceStatus bare = FakeControlTarget.vi2();
        bare = new InstanceStatus(
                bare.name(),
                bare.interfaceName(),
                bare.vrid(),
                bare.version(),
                bare.state(),
                bare.inStateNanos(),
                bare.lastReason(),
                bare.basePriority(),
                bare.effectivePriority(),
                bare.trackers(),
                bare.override(),
                bare.overrideReason(),
                List.of(),
                bare.advertIntervalNanos(),
                bare.masterAdverIntervalNanos(),
                bare.skewTimeNanos(),
                bare.masterDownIntervalNanos(),
                bare.masterDownRemainingNanos(),
                bare.masterAddress(),
                bare.masterPriority(),
                bare.lastAdvertReceivedAgoNanos(),
                bare.lastAdvertSentAgoNanos(),
                bare.advertJitterNanos(),
                bare.counters(),
                List.of(),
                bare.garpMasterDelayNanos(),
                bare.mastersHeard(),
                bare.splitBrain());
        NodeStatus node = target.status();
        NodeStatus withBare = new NodeStatus(
                node.routerId(),
                node.version(),
                node.startedAt(),
                node.maintenance(),
                node.configFile(),
                node.configLoadedAt(),
                List.of(bare),
                node.scripts(),
                node.loopMaxLatenessNanos());

        GaugeSnapshot state = (GaugeSnapshot) new VrrpCollector(new FixedStatus(withBare))
                .collect().stream()
                        .filter(s -> s.getMetadata().getName().equals("keepalived_vrrp_state"))
                        .findFirst()
                        .orElseThrow();

        assertThat(state.getDataPoints()).singleElement().satisfies(p -> {
            assertThat(p.getLabels().get("ip_address")).isEmpty();
            assertThat(p.getLabels().get("intf")).isEqualTo("eth0");
            assertThat(p.getValue()).isEqualTo(1.0);
        });
    }

    @Test
    void anInstanceWithUseVmacHasAnInfoSeriesWithItsInterfaceAndMac() {
        InstanceStatus vmac = FakeControlTarget.withVmac(
                FakeControlTarget.vi1(), new InstanceStatus.VmacStatus("vrrp.51", "00:00:5e:00:01:33", false));
        NodeStatus node = target.status();
        NodeStatus two = new NodeStatus(
                node.routerId(),
                node.version(),
                node.startedAt(),
                node.maintenance(),
                node.configFile(),
                node.configLoadedAt(),
                List.of(vmac, FakeControlTarget.vi2()),
                node.scripts(),
                node.loopMaxLatenessNanos());

        GaugeSnapshot info = (GaugeSnapshot) new VrrpCollector(new FixedStatus(two))
                .collect().stream()
                        .filter(s -> s.getMetadata().getName().equals("tandem_vrrp_vmac_info"))
                        .findFirst()
                        .orElseThrow();

        assertThat(info.getDataPoints()).singleElement().satisfies(p -> {
            assertThat(p.getLabels().get("iname")).isEqualTo("VI_1");
            assertThat(p.getLabels().get("vmac_intf")).isEqualTo("vrrp.51");
            assertThat(p.getLabels().get("mac")).isEqualTo("00:00:5e:00:01:33");
            assertThat(p.getLabels().get("xmit_base")).isEqualTo("false");
            assertThat(p.getValue()).isEqualTo(1.0);
        });
    }

    @Test
    void addressesAreWrittenAsKeepalivedWritesThem() {
        assertThat(VrrpCollector.keepalivedAddress("192.0.2.8/32")).isEqualTo("192.0.2.8");
        assertThat(VrrpCollector.keepalivedAddress("192.0.2.8/24")).isEqualTo("192.0.2.8/24");
        assertThat(VrrpCollector.keepalivedAddress("2001:db8::8/128")).isEqualTo("2001:db8::8");
        assertThat(VrrpCollector.keepalivedAddress("2001:db8::8/64")).isEqualTo("2001:db8::8/64");
    }

    @Test
    void aTransitionDoesNotStartNewCounterSeries() throws Exception {
        Set<String> before = scrape().keySet();
        target.vi1State = State.BACKUP;

        assertThat(scrape().keySet()).isEqualTo(before);
    }

    @Test
    void countersHaveKeepalivedExportersNamesAndLabels() throws Exception {
        Map<String, Double> m = scrape();
        String vi1 = "{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"}";

        assertThat(m)
                .containsEntry("keepalived_advertisements_sent_total" + vi1, 61.0)
                .containsEntry("keepalived_advertisements_received_total" + vi1, 12.0)
                .containsEntry("keepalived_become_master_total" + vi1, 1.0)
                .containsEntry("keepalived_release_master_total" + vi1, 0.0)
                .containsEntry("keepalived_ip_ttl_errors_total" + vi1, 3.0)
                .containsEntry("keepalived_authentication_failure_total" + vi1, 2.0)
                .containsEntry("keepalived_priority_zero_received_total" + vi1, 1.0)
                .containsEntry("keepalived_priority_zero_sent_total" + vi1, 0.0)
                .containsEntry("keepalived_packet_length_errors_total" + vi1, 0.0);
    }

    @Test
    void tandemsOwnMetricsSayPriorityTimersAndAddresses() throws Exception {
        Map<String, Double> m = scrape();
        String vi1 = "{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"}";
        String vi2 = "{iname=\"VI_2\",intf=\"eth0\",vrid=\"52\"}";

        assertThat(m)
                .containsEntry("tandem_vrrp_effective_priority" + vi1, 150.0)
                .containsEntry("tandem_vrrp_base_priority" + vi1, 100.0)
                .containsEntry("tandem_vrrp_time_in_state_seconds" + vi1, 61.5)
                .containsEntry("tandem_vrrp_master_down_interval_seconds" + vi1, 3.4140625)
                .containsEntry("tandem_vrrp_master_down_remaining_seconds" + vi1, -1.0)
                .containsEntry("tandem_vrrp_master_down_remaining_seconds" + vi2, 2.1)
                .containsEntry("tandem_vrrp_override" + vi1, 1.0)
                .containsEntry("tandem_vrrp_transitions_total" + vi1, 2.0)
                .containsEntry("tandem_vrrp_master_adver_interval_changes_total" + vi1, 0.0)
                .containsEntry("tandem_vrrp_lower_priority_answers_limited_total" + vi1, 3.0)
                .containsEntry(
                        "tandem_vrrp_adverts_discarded_total{iname=\"VI_1\",intf=\"eth0\",reason=\"IP_TTL\","
                                + "vrid=\"51\"}",
                        3.0)
                .containsEntry(
                        "tandem_vrrp_tracker_ok{iname=\"VI_1\",intf=\"eth0\",kind=\"script\",name=\"chk_nginx\","
                                + "vrid=\"51\"}",
                        1.0)
                .containsEntry(
                        "tandem_vrrp_tracker_priority_contribution{iname=\"VI_1\",intf=\"eth0\",kind=\"script\","
                                + "name=\"chk_nginx\",vrid=\"51\"}",
                        20.0)
                .containsEntry("tandem_vrrp_advert_jitter_seconds" + vi2, 0.00125)
                .containsEntry("tandem_event_loop_max_lateness_seconds", 0.0125)
                .containsEntry("tandem_build_info{version=\"0.1.0\"}", 1.0)
                .containsEntry(
                        "tandem_vrrp_vip_present{iname=\"VI_2\",intf=\"eth0\",ip_address=\"192.0.2.9\","
                                + "vrid=\"52\"}",
                        0.0)
                .containsEntry("tandem_maintenance", 0.0);
    }

    /** A target that answers one status. */
    private record FixedStatus(NodeStatus node) implements ControlTarget {
        @Override
        public NodeStatus status() {
            return node;
        }

        @Override
        public String takeover(String instance) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String release(String instance) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String setPriority(String instance, int priority) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String clearPriority(String instance) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String setMaintenance(boolean on) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ReloadResult reload() {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable subscribe(Consumer<AgentEvent> listener) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aSplitBrainIsAGaugeWithTheMastersHeard() throws Exception {
        String vi1 = "{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"}";
        assertThat(scrape())
                .containsEntry("tandem_vrrp_split_brain" + vi1, 0.0)
                .containsEntry("tandem_vrrp_masters_heard" + vi1, 0.0);

        target.splitBrain = true;

        assertThat(scrape())
                .containsEntry("tandem_vrrp_split_brain" + vi1, 1.0)
                .containsEntry("tandem_vrrp_masters_heard" + vi1, 1.0);
    }

    @Test
    void anIpv6InstanceHasItsVipsCompressedAsKeepalivedExporterWritesThem() throws Exception {
        target.dualStack = true;

        assertThat(scrape())
                .containsEntry(
                        "keepalived_vrrp_state{iname=\"VI_1_v6\",intf=\"eth0\",ip_address=\"2001:db8::8\",vrid=\"51\"}",
                        2.0)
                .containsEntry(
                        "keepalived_vrrp_excluded_state{iname=\"VI_1_v6\",intf=\"eth0\","
                                + "ip_address=\"2001:db8:0:1::8/64\",vrid=\"51\"}",
                        2.0)
                .containsEntry(
                        "tandem_vrrp_vip_present{iname=\"VI_1_v6\",intf=\"eth0\",ip_address=\"2001:db8::8\",vrid=\"51\"}",
                        1.0)
                // The IPv4 twin's series stay as they were: one family does not rename the other's.
                .containsEntry(
                        "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",ip_address=\"192.0.2.8\",vrid=\"51\"}",
                        2.0);
    }

    @Test
    void everyScrapeReadsAFreshStatus() throws Exception {
        assertThat(scrape()).containsEntry("tandem_maintenance", 0.0);
        target.maintenance = true;

        assertThat(scrape()).containsEntry("tandem_maintenance", 1.0);
    }
}
