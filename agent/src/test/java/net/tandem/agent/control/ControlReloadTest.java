package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Optional;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.vrrp.State;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusRequest;
import net.tandem.proto.v1.TakeoverRequest;
import net.tandem.proto.v1.WatchEventsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of {@code tandem_control}: new tokens and a rotated certificate take effect for the
 * next call and the next connection, connected watchers stay connected, and what only a restart
 * can change is refused with the old settings kept.
 */
class ControlReloadTest {
    private static final String OLD = "admin-old-1c9e";
    private static final String NEW = "admin-new-88a2";

    @TempDir
    Path dir;

    private final FakeControlTarget target = new FakeControlTarget();
    private ControlServer server;
    private ManagedChannel channel;

    private ControlConfig config(Optional<Path> cert, Optional<Path> key, Path adminToken) {
        return new ControlConfig(
                new InetSocketAddress("127.0.0.1", 0),
                cert,
                key,
                Optional.empty(),
                Optional.of(adminToken),
                Optional.empty(),
                Optional.empty(),
                Optional.of(dir.resolve("audit.log")));
    }

    private ControlConfig start(ControlConfig config) throws IOException {
        server = new ControlServer(config, target, InstantSource.system(), System::nanoTime, 64, 0);
        server.start();
        return config;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            TestClients.close(channel);
        }
        if (server != null) {
            server.close();
        }
    }

    private static TakeoverRequest vi1() {
        return TakeoverRequest.newBuilder().setInstance("VI_1").build();
    }

    @Test
    void aNewAdminTokenReplacesTheOldOneAndAWatcherStaysConnected() throws Exception {
        Path token = SecretFiles.write(dir.resolve("admin.token"), OLD + "\n");
        ControlConfig config = start(config(Optional.empty(), Optional.empty(), token));
        channel = TestClients.channel(server.address());
        Iterator<Event> watching = ControlGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(TestClients.bearer(OLD)))
                .watchEvents(WatchEventsRequest.getDefaultInstance());
        assertThat(watching.hasNext()).isTrue(); // the stream opened with the old token
        watching.next();

        SecretFiles.write(token, NEW + "\n");
        assertThat(server.reload(config)).startsWith("tandem_control: tokens replaced");

        assertThatThrownBy(() -> TestClients.stub(channel, OLD).takeover(vi1()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThat(TestClients.stub(channel, NEW).takeover(vi1()).getMessage()).isEqualTo("VI_1: takeover done");
        target.publish(new AgentEvent.TransitionEvent(
                Instant.parse("2026-12-02T00:00:00Z"), "VI_1", State.BACKUP, State.MASTER, "after the reload"));
        boolean heard = false;
        while (!heard && watching.hasNext()) {
            heard = watching.next().toString().contains("after the reload");
        }
        assertThat(heard)
                .as("the watcher connected before the reload still hears events")
                .isTrue();
        assertThat(server.reload(config)).startsWith("tandem_control: tokens unchanged");
    }

    @Test
    void anUnreadableTokenFileChangesNothing() throws Exception {
        Path token = SecretFiles.write(dir.resolve("admin.token"), OLD + "\n");
        ControlConfig config = start(config(Optional.empty(), Optional.empty(), token));
        channel = TestClients.channel(server.address());
        SecretFiles.write(token, "\n");

        assertThatThrownBy(() -> server.reload(config))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("admin_token_file " + token + ": the file is empty");
        assertThat(TestClients.stub(channel, OLD).takeover(vi1()).getMessage()).isEqualTo("VI_1: takeover done");
    }

    @Test
    void aNewListenAddressNeedsARestartAndNothingChanges() throws Exception {
        Path token = SecretFiles.write(dir.resolve("admin.token"), OLD + "\n");
        ControlConfig config = start(config(Optional.empty(), Optional.empty(), token));
        channel = TestClients.channel(server.address());
        SecretFiles.write(token, NEW + "\n");

        assertThatThrownBy(() -> server.reload(config.withListen(new InetSocketAddress("127.0.0.2", 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tandem_control: listen changed: only a restart applies that (systemctl restart"
                        + " tandem-agent); the running control settings stay");
        assertThat(TestClients.stub(channel, OLD).takeover(vi1()).getMessage()).isEqualTo("VI_1: takeover done");
    }

    @Test
    void aRotatedCertificateServesTheNextConnection() throws Exception {
        TestCertificates first = TestCertificates.create(Files.createDirectories(dir.resolve("first")));
        TestCertificates second = TestCertificates.create(Files.createDirectories(dir.resolve("second")));
        Path cert = Files.copy(first.serverCert, dir.resolve("server.crt"));
        Path key = Files.copy(first.serverKey, dir.resolve("server.key"));
        Path token = SecretFiles.write(dir.resolve("admin.token"), OLD + "\n");
        ControlConfig config = start(config(Optional.of(cert), Optional.of(key), token));
        ManagedChannel before = trusting(first.ca);
        assertThat(status(before)).isEqualTo("node1");

        Files.copy(second.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(second.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
        assertThat(server.reload(config)).contains("TLS certificate and key re-read");

        ManagedChannel withNewCa = trusting(second.ca);
        ManagedChannel withOldCa = trusting(first.ca);
        try {
            assertThat(status(withNewCa)).isEqualTo("node1");
            assertThatThrownBy(() -> status(withOldCa)).isInstanceOf(StatusRuntimeException.class);
            assertThat(status(before))
                    .as("a connection made before the rotation")
                    .isEqualTo("node1");
        } finally {
            TestClients.close(before);
            TestClients.close(withNewCa);
            TestClients.close(withOldCa);
        }
    }

    private ManagedChannel trusting(Path ca) throws IOException {
        return TestClients.channel(
                server.address(),
                TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build());
    }

    private static String status(ManagedChannel c) {
        return TestClients.stub(c, OLD)
                .getStatus(GetStatusRequest.getDefaultInstance())
                .getNode()
                .getRouterId();
    }
}
