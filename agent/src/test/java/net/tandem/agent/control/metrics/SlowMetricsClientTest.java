package net.tandem.agent.control.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.tandem.agent.control.FakeControlTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: ten connections that sent half a request header stalled the JDK-server metrics endpoint until they
 * closed. Now a scrape is answered while they hang, and the server closes each of them once its request deadline
 * has passed.
 */
class SlowMetricsClientTest {

    private final FakeControlTarget target = new FakeControlTarget();
    private MetricsServer server;
    private final List<Socket> slow = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), target);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : slow) {
            s.close();
        }
        server.close();
    }

    private HttpResponse<String> scrape(Duration timeout) throws Exception {
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + server.address().getPort() + "/metrics"))
                            .timeout(timeout)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void tenHalfSentHeadersDoNotStallAScrapeAndAreClosed() throws Exception {
        scrape(Duration.ofSeconds(10)); // classes loaded and the collector warm: what follows is the server's doing

        for (int i = 0; i < 10; i++) {
            Socket s = new Socket("127.0.0.1", server.address().getPort());
            s.getOutputStream()
                    .write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            slow.add(s);
        }

        HttpResponse<String> r = scrape(Duration.ofSeconds(1));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("keepalived_vrrp_state");

        for (Socket s : slow) {
            s.setSoTimeout(5_000); // the deadline is 1 s: closed well before this
            InputStream in = s.getInputStream();
            assertThat(in.read())
                    .as("the server closed a connection whose request never completed")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aByteASecondDoesNotKeepAConnectionOpen() throws Exception {
        Socket s = new Socket("127.0.0.1", server.address().getPort());
        slow.add(s);
        s.setSoTimeout(5_000);
        long began = System.nanoTime();
        boolean closed = false;
        try {
            for (int i = 0; i < 8 && !closed; i++) {
                s.getOutputStream().write('X'); // never a whole request line
                s.getOutputStream().flush();
                Thread.sleep(400); // a trickle: more often than any read timeout of 1 s would fire
            }
        } catch (java.io.IOException reset) {
            closed = true; // the write found the connection closed
        }
        if (!closed) {
            try {
                closed = s.getInputStream().read() == -1;
            } catch (java.io.IOException reset) {
                closed = true;
            }
        }
        assertThat(closed).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    }
}
