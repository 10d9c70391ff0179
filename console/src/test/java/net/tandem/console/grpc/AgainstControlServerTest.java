package net.tandem.console.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.AgentEvent;
import net.tandem.agent.control.ControlServer;
import net.tandem.agent.control.FakeControlTarget;
import net.tandem.agent.control.SecretFiles;
import net.tandem.agent.control.TestCertificates;
import net.tandem.agent.vrrp.State;
import net.tandem.client.BearerToken;
import net.tandem.client.ClientTls;
import net.tandem.console.config.NodeAddress;
import net.tandem.console.model.CommandResult;
import net.tandem.console.model.InstanceSnapshot;
import net.tandem.console.model.NodeEvent;
import net.tandem.console.model.NodeListener;
import net.tandem.console.model.NodeSnapshot;
import net.tandem.console.model.VrrpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's connection against the agent's real control server (over TLS, with tokens) and a fake agent. */
class AgainstControlServerTest {
    private static final String ADMIN = "admin-5e6f7a8b";
    private static final String READ = "read-1a2b3c4d";

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    /** keytool takes seconds: one CA and server certificate for the whole class. */
    private static TestCertificates certs;

    private final FakeControlTarget agent = new FakeControlTarget();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();
    private ControlServer server;
    private GrpcNodeConnection connection;

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
        scheduler.shutdownNow();
    }

    private void connect(String token) throws IOException, InterruptedException {
        connect(token, false, false);
    }

    /**
     * @param agentWantsClientCertificate the agent has {@code tls_client_ca}: mutual TLS
     * @param consoleHasClientCertificate the console is given {@code --cert} and {@code --key}
     */
    private void connect(String token, boolean agentWantsClientCertificate, boolean consoleHasClientCertificate)
            throws IOException, InterruptedException {
        if (certs == null) {
            certs = TestCertificates.create(pki);
        }
        Path admin = SecretFiles.write(dir.resolve("admin.token"), ADMIN + "\n");
        Path read = SecretFiles.write(dir.resolve("read.token"), READ + "\n");
        server = new ControlServer(
                new ControlConfig(
                        new InetSocketAddress("127.0.0.1", 0),
                        Optional.of(certs.serverCert),
                        Optional.of(certs.serverKey),
                        agentWantsClientCertificate ? Optional.of(certs.ca) : Optional.empty(),
                        Optional.of(admin),
                        Optional.of(read),
                        Optional.empty(),
                        Optional.empty()),
                agent);
        server.start();
        ClientTls tls = consoleHasClientCertificate
                ? new ClientTls(certs.ca, certs.clientCert, certs.clientKey)
                : new ClientTls(certs.ca, null, null);
        connection = new GrpcNodeConnection(
                new NodeAddress("node1", "127.0.0.1", server.address().getPort()),
                Optional.of(tls),
                Optional.of(BearerToken.of(token)),
                scheduler);
        connection.start(new NodeListener() {
            @Override
            public void connecting() {}

            @Override
            public void snapshot(NodeSnapshot snapshot) {
                heard.add(snapshot);
            }

            @Override
            public void event(NodeEvent event) {
                heard.add(event);
            }

            @Override
            public void unreachable(String reason, long retryInNanos) {
                heard.add("unreachable: " + reason);
            }
        });
    }

    private Object next() throws InterruptedException {
        Object value = heard.poll(10, TimeUnit.SECONDS);
        assertThat(value).as("nothing heard within 10 s").isNotNull();
        return value;
    }

    @Test
    void theAgentsSnapshotArrivesOverTlsAsTheConsoleShowsIt() throws Exception {
        connect(ADMIN);

        NodeSnapshot snapshot = (NodeSnapshot) next();

        assertThat(snapshot.routerId()).isEqualTo("node1");
        InstanceSnapshot vi1 = snapshot.instances().get(0);
        assertThat(vi1.name()).isEqualTo("VI_1");
        assertThat(vi1.state()).isEqualTo(VrrpState.MASTER);
        assertThat(vi1.basePriority()).isEqualTo(100);
        assertThat(vi1.effectivePriority()).isEqualTo(150);
        assertThat(vi1.override()).hasValue(150);
        assertThat(vi1.vips()).containsExactly("192.0.2.8/32");
        assertThat(vi1.lastAdvertSentAgoNanos()).isEqualTo(200_000_000L);
        assertThat(vi1.masterDownRemainingNanos()).isEqualTo(-1);
        assertThat(vi1.transitions()).isEqualTo(2);
        InstanceSnapshot vi2 = snapshot.instances().get(1);
        assertThat(vi2.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(vi2.masterDownRemainingNanos()).isEqualTo(2_100_000_000L);
        assertThat(vi2.lastAdvertReceivedAgoNanos()).isEqualTo(300_000_000L);
    }

    @Test
    void anIpv6InstanceArrivesWithItsVipsCompressedAndCanBeTakenOver() throws Exception {
        agent.dualStack = true;
        connect(ADMIN);

        NodeSnapshot snapshot = (NodeSnapshot) next();

        InstanceSnapshot v6 = snapshot.instances().get(2);
        assertThat(v6.name()).isEqualTo("VI_1_v6");
        assertThat(v6.state()).isEqualTo(VrrpState.MASTER);
        assertThat(v6.vips()).containsExactly("2001:db8::8/128");
        assertThat(connection.takeover("VI_1_v6").get(10, TimeUnit.SECONDS))
                .isEqualTo(CommandResult.ok("VI_1_v6: takeover done"));
        assertThat(agent.takeCalls()).containsExactly("takeover VI_1_v6");
    }

    @Test
    void theAgentsEventsFollowTheSnapshot() throws Exception {
        connect(READ);
        next(); // the server subscribed to the agent before it sent the snapshot

        agent.publish(new AgentEvent.TransitionEvent(
                Instant.parse("2026-05-01T10:00:05Z"),
                "VI_2",
                State.BACKUP,
                State.MASTER,
                "master down timer expired"));

        assertThat(next())
                .isEqualTo(new NodeEvent.Transition(
                        Instant.parse("2026-05-01T10:00:05Z"),
                        "VI_2",
                        VrrpState.BACKUP,
                        VrrpState.MASTER,
                        "master down timer expired"));
    }

    @Test
    void aTakeoverReachesTheAgent() throws Exception {
        connect(ADMIN);

        CommandResult result = connection.takeover("VI_2").get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(CommandResult.ok("VI_2: takeover done"));
        assertThat(agent.takeCalls()).containsExactly("takeover VI_2");
    }

    @Test
    void theReadTokenMayWatchButNotCommand() throws Exception {
        connect(READ);

        CommandResult result = connection.takeover("VI_2").get(10, TimeUnit.SECONDS);

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).startsWith("not allowed: ").endsWith("Takeover needs the admin token");
        assertThat(agent.takeCalls()).isEmpty();
    }

    @Test
    void aWrongTokenIsReportedAsTheReasonTheNodeIsUnreachable() throws Exception {
        connect("not-the-token");

        assertThat((String) next())
                .isEqualTo("unreachable: not allowed: the agent does not know this token (--token-file must hold the"
                        + " agent's admin_token_file or read_token_file token)");
    }

    @Test
    void anAgentThatRequiresAClientCertificateIsReachedWithCertAndKey() throws Exception {
        connect(ADMIN, true, true);

        assertThat(next()).isInstanceOf(NodeSnapshot.class);
        assertThat(connection.takeover("VI_2").get(10, TimeUnit.SECONDS))
                .isEqualTo(CommandResult.ok("VI_2: takeover done"));
    }

    @Test
    void withoutAClientCertificateSuchAnAgentIsUnreachableAndTheConsoleSaysWhy() throws Exception {
        connect(ADMIN, true, false);

        assertThat((String) next())
                .isEqualTo("unreachable: TLS failed: the agent ended the handshake; it requires a client certificate"
                        + " (give --cert and --key, signed by the CA in the agent's tls_client_ca)");
        assertThat(agent.takeCalls()).isEmpty();
    }
}
