package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.tandem.agent.config.ControlConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics endpoint as {@code tandem_control} sets it up: {@code metrics_tls} with the API's certificate and, with
 * {@code tls_client_ca}, client certificates too; {@code metrics_token_file} re-read on reload.
 */
class ControlMetricsSecurityTest {

    private static final String ADMIN = "admin-metrics-4b0e";
    private static final String OLD = "metrics-old-2d71";
    private static final String NEW = "metrics-new-9a3f";

    @TempDir
    static Path dir;

    private static TestCertificates certs;
    private static Path adminToken;

    private final FakeControlTarget target = new FakeControlTarget();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
        adminToken = SecretFiles.write(dir.resolve("admin.token"), ADMIN + "\n");
    }

    private static ControlConfig config(boolean clientCa, Path metricsToken) {
        return new ControlConfig(
                Optional.of(new InetSocketAddress("127.0.0.1", 0)),
                Optional.empty(),
                Optional.empty(),
                Optional.of(certs.serverCert),
                Optional.of(certs.serverKey),
                clientCa ? Optional.of(certs.ca) : Optional.empty(),
                Optional.of(adminToken),
                Optional.empty(),
                Optional.of(new InetSocketAddress("127.0.0.1", 0)),
                false,
                Optional.empty(),
                true,
                Optional.of(metricsToken));
    }

    private ControlServer start(ControlConfig config) throws IOException {
        ControlServer s = new ControlServer(config, target, InstantSource.system(), System::nanoTime, 64, 0);
        s.start();
        return s;
    }

    /** Trusts the test CA; presents the client certificate if asked to. */
    private static HttpClient client(boolean withClientCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertifiedKey.readCertificates(certs.ca)[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withClientCertificate) {
            CertifiedKey client = CertifiedKey.read(certs.clientCert, certs.clientKey);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.key(), new char[0], client.chain());
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static int scrape(HttpClient client, ControlServer server, String token) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + server.metricsAddress().orElseThrow().getPort() + "/metrics"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void withTlsClientCaAScrapeNeedsAClientCertificate() throws Exception {
        Path token = SecretFiles.write(dir.resolve("ca.token"), OLD + "\n");
        try (ControlServer server = start(config(true, token));
                HttpClient withCert = client(true);
                HttpClient without = client(false)) {
            assertThat(scrape(withCert, server, OLD)).isEqualTo(200);
            assertThatThrownBy(() -> scrape(without, server, OLD)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aReloadReadsTheMetricsTokenAgain() throws Exception {
        Path token = SecretFiles.write(dir.resolve("reload.token"), OLD + "\n");
        try (ControlServer server = start(config(false, token));
                HttpClient client = client(false)) {
            assertThat(scrape(client, server, OLD)).isEqualTo(200);

            SecretFiles.write(token, NEW + "\n");
            String done = server.reload(config(false, token));

            assertThat(done).contains("metrics token replaced");
            assertThat(scrape(client, server, OLD)).isEqualTo(401);
            assertThat(scrape(client, server, NEW)).isEqualTo(200);
        }
    }
}
