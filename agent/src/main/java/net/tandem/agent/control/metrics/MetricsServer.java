package net.tandem.agent.control.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.ControlTarget;

/**
 * The Prometheus endpoint ({@code http://ADDR:PORT/metrics}, also {@code /-/healthy}), off unless
 * {@code tandem_control { metrics_listen ADDR:PORT }} is set. Its own registry, so nothing else in the JVM leaks in;
 * the JDK's HTTP server on a small thread pool of the exporter's.
 */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer http;
    private final InetSocketAddress address;

    private MetricsServer(HTTPServer http, InetSocketAddress address) {
        this.http = http;
        this.address = address;
    }

    /** Listens on {@code listen} (port 0: any free port, see {@link #address()}). */
    public static MetricsServer start(InetSocketAddress listen, ControlTarget target) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new VrrpCollector(target));
        HTTPServer http;
        try {
            http = HTTPServer.builder()
                    .inetAddress(listen.getAddress())
                    .port(listen.getPort())
                    .registry(registry)
                    .buildAndStart();
        } catch (IOException e) {
            throw new IOException(
                    "metrics_listen " + ControlConfig.show(listen) + ": cannot listen: " + e.getMessage(), e);
        }
        return new MetricsServer(http, new InetSocketAddress(listen.getAddress(), http.getPort()));
    }

    /** Where it really listens (the ephemeral port resolved). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        http.close();
    }
}
