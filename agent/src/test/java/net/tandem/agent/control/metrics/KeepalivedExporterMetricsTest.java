package net.tandem.agent.control.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.tandem.agent.control.FakeControlTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tandem's scrape against keepalived-exporter's metric list (names, types and label names, taken from the exporter's
 * collector at the tag named in {@code keepalived-exporter-metrics.txt}): a dashboard or alert written for the
 * exporter finds every series it asks for, with the labels it groups by.
 */
class KeepalivedExporterMetricsTest {

    /** One line of the list: a metric the exporter declares. */
    record ExporterMetric(String name, String type, Set<String> labels, boolean servedByTandem) {}

    static List<ExporterMetric> exporterMetrics() throws IOException {
        List<ExporterMetric> list = new ArrayList<>();
        try (InputStream in =
                KeepalivedExporterMetricsTest.class.getResourceAsStream("/keepalived-exporter-metrics.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                boolean skipped = line.startsWith("!");
                String[] w = (skipped ? line.substring(1).strip() : line).split(" ");
                Set<String> labels = w[2].equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(w[2].split(",")));
                list.add(new ExporterMetric(w[0], w[1], labels, !skipped));
            }
        }
        return list;
    }

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

    @Test
    void theListIsTheExportersWholeCollector() throws Exception {
        // 22 descriptors in the exporter's fillMetrics() plus its build_info collector; a lost line would go unseen.
        assertThat(exporterMetrics()).hasSize(22);
    }

    @Test
    void everyExporterMetricIsServedWithItsTypeAndExactlyItsLabelNames() throws Exception {
        Scrape scrape = Scrape.of(server);

        for (ExporterMetric m : exporterMetrics()) {
            if (!m.servedByTandem()) {
                assertThat(scrape.names()).as(m.name()).doesNotContain(m.name());
                continue;
            }
            assertThat(scrape.names()).as("served: " + m.name()).contains(m.name());
            assertThat(scrape.type(m.name())).as("type of " + m.name()).isEqualTo(m.type());
            assertThat(scrape.labelNames(m.name()))
                    .as("label names of " + m.name())
                    .containsOnly(m.labels());
        }
    }

    @Test
    void tandemInventsNoKeepalivedMetric() throws Exception {
        Set<String> exporter = new TreeSet<>();
        exporterMetrics().forEach(m -> exporter.add(m.name()));

        assertThat(Scrape.of(server).names())
                .filteredOn(n -> n.startsWith("keepalived_"))
                .allMatch(exporter::contains, "in keepalived-exporter's list");
    }

    @Test
    void noSeriesCarriesALabelThatChangesWithTheState() throws Exception {
        // The exporter dropped "state" in v1.3.0: with it, every transition started new series and split graphs.
        assertThat(Scrape.of(server).samples())
                .allSatisfy(s -> assertThat(s.labels()).as(s.name()).doesNotContainKeys("state", "wantstate"));
    }
}
