package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import net.tandem.agent.config.ControlConfig;
import net.tandem.proto.v1.GetStatusRequest;
import net.tandem.proto.v1.TakeoverRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a throwaway CA, and mutual TLS whose client identity lands in the audit log. */
class TlsTest {

    @TempDir
    static Path dir;

    private static final String ADMIN = "admin-tls-5e1d";
    private static Path adminToken;

    static TestCertificates certs;

    private final FakeControlTarget target = new FakeControlTarget();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
        adminToken = SecretFiles.write(dir.resolve("admin.token"), ADMIN + "\n");
    }

    private ControlServer server(boolean requireClientCertificate, Path audit) throws IOException {
        ControlConfig config = new ControlConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.of(certs.serverCert),
                Optional.of(certs.serverKey),
                requireClientCertificate ? Optional.of(certs.ca) : Optional.empty(),
                Optional.of(adminToken),
                Optional.empty(),
                Optional.empty(),
                Optional.of(audit));
        ControlServer s = new ControlServer(config, target, InstantSource.system(), System::nanoTime, 64, 0);
        s.start();
        return s;
    }

    @Test
    void aClientThatTrustsTheCaGetsStatusOverTls() throws Exception {
        try (ControlServer server = server(false, dir.resolve("tls-audit.log"))) {
            ManagedChannel channel = TestClients.channel(
                    server.address(),
                    TlsChannelCredentials.newBuilder()
                            .trustManager(certs.ca.toFile())
                            .build());

            assertThat(TestClients.stub(channel, ADMIN)
                            .getStatus(GetStatusRequest.getDefaultInstance())
                            .getNode()
                            .getRouterId())
                    .isEqualTo("node1");
            TestClients.close(channel);
        }
    }

    @Test
    void aPlainTextClientCannotTalkToATlsServer() throws Exception {
        try (ControlServer server = server(false, dir.resolve("plain-audit.log"))) {
            ManagedChannel channel = TestClients.channel(server.address());

            assertThatThrownBy(() -> TestClients.stub(channel, ADMIN).getStatus(GetStatusRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            TestClients.close(channel);
        }
    }

    @Test
    void mutualTlsAcceptsACertifiedClientAndAuditsItsIdentity() throws Exception {
        Path audit = dir.resolve("mtls-audit.log");
        try (ControlServer server = server(true, audit)) {
            ChannelCredentials withCertificate = TlsChannelCredentials.newBuilder()
                    .trustManager(certs.ca.toFile())
                    .keyManager(certs.clientCert.toFile(), certs.clientKey.toFile())
                    .build();
            ManagedChannel channel = TestClients.channel(server.address(), withCertificate);

            TestClients.stub(channel, ADMIN)
                    .takeover(TakeoverRequest.newBuilder().setInstance("VI_1").build());

            assertThat(Files.readAllLines(audit))
                    .singleElement()
                    .asString()
                    .contains(" tls=\"CN=ops,O=Tandem\" role=ADMIN method=Takeover instance=VI_1 result=OK");
            TestClients.close(channel);
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        try (ControlServer server = server(true, dir.resolve("nocert-audit.log"))) {
            ManagedChannel channel = TestClients.channel(
                    server.address(),
                    TlsChannelCredentials.newBuilder()
                            .trustManager(certs.ca.toFile())
                            .build());

            assertThatThrownBy(() -> TestClients.stub(channel, ADMIN)
                            .takeover(TakeoverRequest.newBuilder()
                                    .setInstance("VI_1")
                                    .build()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            assertThat(target.calls).isEmpty();
            TestClients.close(channel);
        }
    }

    @Test
    void aKeyThatIsNotPemIsRefusedAtStartNamingTheFiles() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.key"), "not a key\n");
        ControlConfig config = new ControlConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.of(certs.serverCert),
                Optional.of(bad),
                Optional.empty(),
                Optional.of(adminToken),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        assertThatThrownBy(() -> new ControlServer(config, target).start())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        "tandem_control: cannot use tls_cert " + certs.serverCert + " / tls_key " + bad + ": ");
    }
}
