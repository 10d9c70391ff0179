package net.tandem.agent.control.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.control.FakeControlTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana-dashboard.json works against Tandem and against keepalived-exporter: every metric it queries is in
 * Tandem's scrape, and outside its collapsed Tandem row it queries only the exporter's metrics.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:keepalived|tandem)_[a-z0-9_]+\\b");

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

    /** The metric names in every query ({@code expr}, and template variables' {@code query}) under {@code e}. */
    private static void queried(JsonElement e, Set<String> into) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> queried(x, into));
        } else if (e.isJsonObject()) {
            for (var entry : e.getAsJsonObject().entrySet()) {
                JsonElement v = entry.getValue();
                if ((entry.getKey().equals("expr") || entry.getKey().equals("query")) && v.isJsonPrimitive()) {
                    Matcher m = METRIC.matcher(v.getAsString());
                    while (m.find()) {
                        into.add(m.group());
                    }
                } else {
                    queried(v, into);
                }
            }
        }
    }

    private static JsonObject dashboard() throws Exception {
        return JsonParser.parseString(Files.readString(DASHBOARD)).getAsJsonObject();
    }

    @Test
    void everyMetricTheDashboardQueriesIsInTandemsScrape() throws Exception {
        Set<String> queried = new TreeSet<>();
        queried(dashboard(), queried);
        Set<String> served = Scrape.of(server).names();

        assertThat(queried).hasSizeGreaterThan(20);
        assertThat(served).containsAll(queried);
    }

    @Test
    void outsideTheTandemRowItQueriesOnlyKeepalivedExportersMetrics() throws Exception {
        Set<String> exporter = new TreeSet<>();
        KeepalivedExporterMetricsTest.exporterMetrics().stream()
                .filter(KeepalivedExporterMetricsTest.ExporterMetric::servedByTandem)
                .forEach(m -> exporter.add(m.name()));
        JsonObject d = dashboard();
        Set<String> outside = new TreeSet<>();
        Set<String> tandemRow = new TreeSet<>();
        queried(d.get("templating"), outside);
        for (JsonElement p : d.getAsJsonArray("panels")) {
            JsonObject panel = p.getAsJsonObject();
            boolean isTandemRow = panel.get("type").getAsString().equals("row")
                    && panel.get("title").getAsString().startsWith("Tandem");
            queried(panel, isTandemRow ? tandemRow : outside);
        }

        assertThat(outside).isNotEmpty().isSubsetOf(exporter);
        assertThat(tandemRow).isNotEmpty().allMatch(n -> n.startsWith("tandem_"));
    }
}
