package net.tandem.agent.control.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import net.tandem.agent.control.FakeControlTarget;
import net.tandem.agent.control.SecretFiles;
import net.tandem.agent.control.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics_tls} and {@code metrics_token_file}: real scrapes over TLS on loopback, as Prometheus makes them. */
class MetricsTlsTest {

    private static final String TOKEN = "metrics-7f3a-91c2";

    @TempDir
    static Path dir;

    private static TestCertificates certs;
    private static Path tokenFile;

    private final FakeControlTarget target = new FakeControlTarget();
    private MetricsServer server;
    private HttpClient client;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
        tokenFile = SecretFiles.write(dir.resolve("metrics.token"), TOKEN + "\n");
    }

    @BeforeEach
    void start() throws Exception {
        SslContext tls = SslContextBuilder.forServer(certs.serverCert.toFile(), certs.serverKey.toFile())
                .build();
        server = MetricsServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                target,
                Optional.of(tls),
                MetricsToken.fromFile(Optional.of(tokenFile)));
        client = HttpClient.newBuilder()
                .sslContext(trusting(certs.ca))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** An SSLContext that trusts the test CA only, as Prometheus' {@code tls_config: { ca_file: ... }} does. */
    static SSLContext trusting(Path ca) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            store.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private HttpResponse<String> get(Optional<String> authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.address().getPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10));
        authorization.ifPresent(a -> r.header("Authorization", a));
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aScrapeOverTlsWithTheTokenGetsTheMetrics() throws Exception {
        HttpResponse<String> r = get(Optional.of("Bearer " + TOKEN));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("keepalived_up 1");
        assertThat(server.url()).startsWith("https://127.0.0.1:");
    }

    @Test
    void withoutATokenTheAnswerIs401AndSaysBearer() throws Exception {
        HttpResponse<String> r = get(Optional.empty());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(r.body()).doesNotContain("keepalived");
    }

    @Test
    void aWrongTokenIs401() throws Exception {
        assertThat(get(Optional.of("Bearer " + TOKEN + "x")).statusCode()).isEqualTo(401);
        assertThat(get(Optional.of("Bearer " + TOKEN.substring(1))).statusCode())
                .isEqualTo(401);
        assertThat(get(Optional.of("Basic " + TOKEN)).statusCode()).isEqualTo(401);
    }

    @Test
    void plainHttpToTheTlsPortGetsNoMetrics() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server.address(), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream()
                    .write(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = readUntilClosed(s.getInputStream());

            assertThat(answer).doesNotContain("keepalived").doesNotContain("HTTP/1.1 200");
        }
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // closed by a reset, or never answered: either way nothing was served
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aTlsClientThatSendsNoRequestIsClosedAfterTheRequestDeadline() throws Exception {
        try (SSLSocket s = (SSLSocket) trusting(certs.ca).getSocketFactory().createSocket()) {
            s.connect(server.address(), 5000);
            s.setSoTimeout(10_000);
            s.startHandshake();
            long start = System.nanoTime();

            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(MetricsServer.REQUEST_TIMEOUT_SECONDS * 1000L - 100));
        }
    }
}
