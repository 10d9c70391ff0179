package net.tandem.agent.control.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import net.tandem.agent.control.FakeControlTarget;
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

    /** Sample lines ({@code name{labels} value}) by series, comments dropped. */
    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + server.address().getPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body()
                .lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .collect(Collectors.toMap(
                        l -> l.substring(0, l.lastIndexOf(' ')),
                        l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)),
                        (a, b) -> b,
                        java.util.TreeMap::new));
    }

    @Test
    void stateIsKeepalivedExportersGaugePerVirtualAddress() throws Exception {
        Map<String, Double> m = scrape();

        assertThat(m)
                .containsEntry(
                        "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",ip_address=\"192.0.2.8/32\",vrid=\"51\"}",
                        2.0);
        assertThat(m)
                .containsEntry(
                        "keepalived_vrrp_state{iname=\"VI_2\",intf=\"eth0\",ip_address=\"192.0.2.9/32\",vrid=\"52\"}",
                        1.0);
        assertThat(m).containsEntry("keepalived_up", 1.0);
    }

    @Test
    void countersHaveKeepalivedExportersNamesAndLabels() throws Exception {
        Map<String, Double> m = scrape();
        String vi1 = "{iname=\"VI_1\",intf=\"eth0\",state=\"MASTER\",vrid=\"51\"}";

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
        String vi1 = "{iname=\"VI_1\",intf=\"eth0\",state=\"MASTER\",vrid=\"51\"}";
        String vi2 = "{iname=\"VI_2\",intf=\"eth0\",state=\"BACKUP\",vrid=\"52\"}";

        assertThat(m)
                .containsEntry("tandem_vrrp_effective_priority" + vi1, 150.0)
                .containsEntry("tandem_vrrp_base_priority" + vi1, 100.0)
                .containsEntry("tandem_vrrp_time_in_state_seconds" + vi1, 61.5)
                .containsEntry("tandem_vrrp_master_down_interval_seconds" + vi1, 3.4140625)
                .containsEntry("tandem_vrrp_master_down_remaining_seconds" + vi1, -1.0)
                .containsEntry("tandem_vrrp_master_down_remaining_seconds" + vi2, 2.1)
                .containsEntry("tandem_vrrp_override" + vi1, 1.0)
                .containsEntry("tandem_vrrp_transitions_total" + vi1, 2.0)
                .containsEntry(
                        "tandem_vrrp_adverts_discarded_total{iname=\"VI_1\",intf=\"eth0\",reason=\"IP_TTL\","
                                + "state=\"MASTER\",vrid=\"51\"}",
                        3.0)
                .containsEntry(
                        "tandem_vrrp_vip_present{iname=\"VI_2\",intf=\"eth0\",ip_address=\"192.0.2.9/32\","
                                + "vrid=\"52\"}",
                        0.0)
                .containsEntry("tandem_maintenance", 0.0);
    }

    @Test
    void aSplitBrainIsAGaugeWithTheMastersHeard() throws Exception {
        String vi1 = "{iname=\"VI_1\",intf=\"eth0\",state=\"MASTER\",vrid=\"51\"}";
        assertThat(scrape())
                .containsEntry("tandem_vrrp_split_brain" + vi1, 0.0)
                .containsEntry("tandem_vrrp_masters_heard" + vi1, 0.0);

        target.splitBrain = true;

        assertThat(scrape())
                .containsEntry("tandem_vrrp_split_brain" + vi1, 1.0)
                .containsEntry("tandem_vrrp_masters_heard" + vi1, 1.0);
    }

    @Test
    void everyScrapeReadsAFreshStatus() throws Exception {
        assertThat(scrape()).containsEntry("tandem_maintenance", 0.0);
        target.maintenance = true;

        assertThat(scrape()).containsEntry("tandem_maintenance", 1.0);
    }
}
