package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import net.tandem.agent.config.ControlConfig;
import net.tandem.proto.v1.ControlGrpc.ControlBlockingStub;
import net.tandem.proto.v1.GetStatusRequest;
import net.tandem.proto.v1.SetMaintenanceRequest;
import net.tandem.proto.v1.TakeoverRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token rules: no token, a wrong token, the read token on a command are refused, and the agent saw nothing. */
class TokenAuthTest {

    private static final String ADMIN = "admin-7f3c9a1e";
    private static final String READ = "read-52b8d0c4";

    @TempDir
    Path dir;

    private final FakeControlTarget target = new FakeControlTarget();
    private ControlServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        Path admin = SecretFiles.write(dir.resolve("admin.token"), ADMIN + "\n");
        Path read = SecretFiles.write(dir.resolve("read.token"), "  " + READ + "\n");
        ControlConfig config = new ControlConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(admin),
                Optional.of(read),
                Optional.empty(),
                Optional.of(dir.resolve("audit.log")));
        server = new ControlServer(config, target, InstantSource.system(), System::nanoTime, 64, 0);
        server.start();
        channel = TestClients.channel(server.address());
    }

    @AfterEach
    void stop() throws InterruptedException {
        TestClients.close(channel);
        server.close();
    }

    private static TakeoverRequest takeoverVi1() {
        return TakeoverRequest.newBuilder().setInstance("VI_1").build();
    }

    private static void assertRefused(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }

    @Test
    void aCommandWithoutATokenIsUnauthenticatedAndNeverReachesTheAgent() {
        assertRefused(
                () -> TestClients.stub(channel).takeover(takeoverVi1()),
                Status.Code.UNAUTHENTICATED,
                "no token: send \"authorization: Bearer TOKEN\" (tandemctl --token-file FILE)");
        assertThat(target.calls).isEmpty();
    }

    @Test
    void statusWithoutATokenIsUnauthenticatedToo() {
        assertRefused(
                () -> TestClients.stub(channel).getStatus(GetStatusRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED,
                "no token: send \"authorization: Bearer TOKEN\" (tandemctl --token-file FILE)");
    }

    @Test
    void aWrongTokenIsUnauthenticatedAndNeverReachesTheAgent() {
        assertRefused(
                () -> TestClients.stub(channel, "admin-7f3c9a1f").takeover(takeoverVi1()),
                Status.Code.UNAUTHENTICATED,
                "wrong token");
        assertRefused(
                () -> TestClients.stub(channel, ADMIN + "x")
                        .setMaintenance(
                                SetMaintenanceRequest.newBuilder().setOn(true).build()),
                Status.Code.UNAUTHENTICATED,
                "wrong token");
        assertThat(target.calls).isEmpty();
    }

    @Test
    void theReadTokenOnACommandIsPermissionDeniedAndNeverReachesTheAgent() {
        assertRefused(
                () -> TestClients.stub(channel, READ).takeover(takeoverVi1()),
                Status.Code.PERMISSION_DENIED,
                "the read token allows status and events only; Takeover needs the admin token");
        assertThat(target.calls).isEmpty();
    }

    @Test
    void theReadTokenReadsStatusAndHealth() {
        assertThat(TestClients.stub(channel, READ)
                        .getStatus(GetStatusRequest.getDefaultInstance())
                        .getInstancesCount())
                .isEqualTo(2);
        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(TestClients.bearer(READ)))
                .check(HealthCheckRequest.newBuilder()
                        .setService("tandem.v1.Control")
                        .build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void theAdminTokenGivesCommands() {
        ControlBlockingStub admin = TestClients.stub(channel, ADMIN);

        assertThat(admin.takeover(takeoverVi1()).getMessage()).isEqualTo("VI_1: takeover done");
        assertThat(admin.getStatus(GetStatusRequest.getDefaultInstance()).getInstancesCount())
                .isEqualTo(2);
        assertThat(target.calls).containsExactly("takeover VI_1");
    }

    @Test
    void refusedCommandsAreAudited() throws IOException {
        assertThatThrownBy(() -> TestClients.stub(channel, READ).takeover(takeoverVi1()));

        assertThat(Files.readAllLines(dir.resolve("audit.log")))
                .singleElement()
                .asString()
                .contains(" role=READ method=Takeover result=PERMISSION_DENIED: the read token allows");
    }

    @Test
    void aWrongOrMissingTokenIsAuditedAsSuch() throws IOException {
        assertThatThrownBy(() -> TestClients.stub(channel, "guessed").takeover(takeoverVi1()));
        assertThatThrownBy(() -> TestClients.stub(channel).takeover(takeoverVi1()));

        assertThat(Files.readAllLines(dir.resolve("audit.log")))
                .satisfiesExactly(
                        wrong -> assertThat(wrong)
                                .contains(" role=WRONG_TOKEN method=Takeover result=UNAUTHENTICATED: wrong token"),
                        none -> assertThat(none)
                                .contains(" role=NO_TOKEN method=Takeover result=UNAUTHENTICATED: no token"));
    }

    @Test
    void anIpv6PeerIsAuditedCompressedInBrackets() throws Exception {
        Path admin = SecretFiles.write(dir.resolve("admin6.token"), ADMIN + "\n");
        Files.setPosixFilePermissions(admin, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path log = dir.resolve("audit6.log");
        ControlConfig v6 = new ControlConfig(
                new InetSocketAddress("::1", 0),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(admin),
                Optional.empty(),
                Optional.empty(),
                Optional.of(log));
        try (ControlServer server6 = new ControlServer(v6, target, InstantSource.system(), System::nanoTime, 64, 0)) {
            server6.start();
            ManagedChannel channel6 = io.grpc.Grpc.newChannelBuilderForAddress(
                            "::1", server6.address().getPort(), io.grpc.InsecureChannelCredentials.create())
                    .build();
            try {
                assertThatThrownBy(() -> TestClients.stub(channel6, "guessed").takeover(takeoverVi1()));
            } finally {
                TestClients.close(channel6);
            }
        }

        assertThat(Files.readAllLines(log)).singleElement().asString().matches("audit: \\S+ peer=\\[::1]:[0-9]+ .*");
    }

    @Test
    void anEmptyTokenFileIsRefusedAtStartNamingTheFile() throws IOException {
        Path empty = SecretFiles.write(dir.resolve("empty.token"), "\n");
        ControlConfig config = new ControlConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(empty),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        assertThatThrownBy(() -> new ControlServer(config, target).start())
                .isInstanceOf(IOException.class)
                .hasMessage("admin_token_file " + empty + ": the file is empty; put the token in it");
    }

    @Test
    void aTokenFileOtherUsersCanReadIsRefusedAtStart() throws IOException {
        Path open = Files.writeString(dir.resolve("open.token"), "open-91c2\n");
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new ControlServer(tokens(Optional.of(open), Optional.empty()), target).start())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("admin_token_file " + open + " is open to other users (rw-r--r--)")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void theSameTokenForAdminAndReadIsRefusedAtStart() throws IOException {
        Path a = SecretFiles.write(dir.resolve("a.token"), "same-5e7a\n");
        Path b = SecretFiles.write(dir.resolve("b.token"), "  same-5e7a\n");

        assertThatThrownBy(() -> new ControlServer(tokens(Optional.of(a), Optional.of(b)), target).start())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("admin_token_file and read_token_file hold the same token");
    }

    private static ControlConfig tokens(Optional<Path> admin, Optional<Path> read) {
        return new ControlConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                admin,
                read,
                Optional.empty(),
                Optional.empty());
    }
}
