package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.config.ControlConfig;
import net.tandem.proto.v1.GetStatusRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the server, the refusal of an open public listener, and the standard services. */
class ControlServerTest {

    private final FakeControlTarget target = new FakeControlTarget();

    @TempDir
    Path dir;

    @Test
    void aPublicListenAddressWithoutTlsAndTokenIsRefusedBeforeListening() {
        ControlConfig open = ControlConfig.defaults().withListen("192.0.2.1:7112");

        assertThatThrownBy(() -> new ControlServer(open, target).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listen 192.0.2.1:7112 is not a loopback address, so the control API needs"
                        + " TLS (tls_cert, tls_key) and an admin token (admin_token_file)");
    }

    @Test
    void aLoopbackListenAddressWithoutATokenIsRefusedBeforeListening() {
        ControlConfig open = ControlConfig.defaults().withListen("127.0.0.1:0");

        assertThatThrownBy(() -> new ControlServer(open, target).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listen 127.0.0.1:0 needs admin_token_file");
    }

    @Test
    void theSocketIsTheAgentsOwnOnlyAndGoesAwayWithIt() throws Exception {
        Path socket = dir.resolve("control.sock");
        ControlServer server = new ControlServer(TestClients.localConfig(dir), target);
        server.start();

        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getAttribute(socket, "unix:uid"))
                .isEqualTo((int) new com.sun.security.auth.module.UnixSystem().getUid());
        server.stop(java.time.Duration.ofSeconds(1));
        assertThat(socket).doesNotExist();
    }

    @Test
    void aSecondServerOnTheSameSocketIsRefusedAndTheFirstKeepsIt() throws Exception {
        try (ControlServer first = new ControlServer(TestClients.localConfig(dir), target)) {
            first.start();
            assertThatThrownBy(() -> new ControlServer(TestClients.localConfig(dir), target).start())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another agent is serving it");
            ManagedChannel channel = TestClients.local(first);
            assertThat(TestClients.stub(channel)
                            .getStatus(GetStatusRequest.getDefaultInstance())
                            .hasNode())
                    .isTrue();
            TestClients.close(channel);
        }
    }

    /** TCP on loopback (any free port) with an admin token, and the Unix socket. */
    private ControlConfig heldConfig(Path admin) {
        return new ControlConfig(
                Optional.of(new InetSocketAddress("127.0.0.1", 0)),
                Optional.of(dir.resolve("control.sock")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(admin),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                false,
                Optional.empty());
    }

    @Test
    void theListenersAreHeldFromStartAndGrpcStartsOnTheFirstConnectionWhichIsServed() throws Exception {
        Path admin = SecretFiles.write(dir.resolve("admin.token"), "lazy-start-admin-token-0123456789\n");
        ControlConfig config = heldConfig(admin);
        try (ControlServer server = new ControlServer(config, target)) {
            server.start();

            assertThat(server.grpcStarted()).isFalse();
            InetSocketAddress tcp = server.address();
            assertThat(tcp.getPort()).isPositive();
            // Held: neither the port nor the socket can be taken by another process meanwhile.
            try (java.net.ServerSocket other = new java.net.ServerSocket()) {
                other.setReuseAddress(true);
                assertThatThrownBy(() -> other.bind(tcp)).isInstanceOf(java.net.BindException.class);
            }
            try (var other = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                assertThatThrownBy(() -> other.bind(java.net.UnixDomainSocketAddress.of(dir.resolve("control.sock"))))
                        .isInstanceOf(java.net.BindException.class);
            }
            assertThat(server.grpcStarted()).isFalse();

            // The first client, on TCP, is served (it waited in the socket's queue while gRPC started)...
            ManagedChannel first = TestClients.channel(tcp);
            assertThat(TestClients.stub(first, "lazy-start-admin-token-0123456789")
                            .withDeadlineAfter(30, TimeUnit.SECONDS)
                            .getStatus(GetStatusRequest.getDefaultInstance())
                            .hasNode())
                    .isTrue();
            assertThat(server.grpcStarted()).isTrue();
            assertThat(server.address()).isEqualTo(tcp);
            // ...and the Unix socket, taken over at the same time, serves with the peer's credentials.
            ManagedChannel local = TestClients.local(server);
            assertThat(TestClients.stub(local)
                            .getStatus(GetStatusRequest.getDefaultInstance())
                            .hasNode())
                    .isTrue();
            TestClients.close(first);
            TestClients.close(local);
        }
    }

    @Test
    void aServerNobodyConnectedToStopsAndFreesItsAddresses() throws Exception {
        Path admin = SecretFiles.write(dir.resolve("admin.token"), "lazy-start-admin-token-0123456789\n");
        ControlConfig config = heldConfig(admin);
        ControlServer server = new ControlServer(config, target);
        server.start();
        InetSocketAddress tcp = server.address();
        server.stop(java.time.Duration.ofSeconds(1));

        assertThat(server.grpcStarted()).isFalse();
        assertThat(dir.resolve("control.sock")).doesNotExist();
        try (java.net.ServerSocket again = new java.net.ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(tcp); // free
        }
    }

    @Test
    void aSocketLeftByADeadAgentIsReplaced() throws Exception {
        Path socket = dir.resolve("control.sock");
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(socket));
        } // closed: the file stays, nobody listens
        assertThat(socket).exists();
        try (ControlServer server = new ControlServer(TestClients.localConfig(dir), target)) {
            server.start();
            ManagedChannel channel = TestClients.local(server);
            assertThat(TestClients.stub(channel)
                            .getStatus(GetStatusRequest.getDefaultInstance())
                            .hasNode())
                    .isTrue();
            TestClients.close(channel);
        }
    }

    @Test
    void reflectionListsTheControlServiceSoGrpcurlNeedsNoProtoFiles() throws Exception {
        try (ControlServer server = new ControlServer(TestClients.localConfig(dir), target)) {
            server.start();
            ManagedChannel channel = TestClients.local(server);
            CompletableFuture<List<String>> services = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse r) {
                            services.complete(r.getListServicesResponse().getServiceList().stream()
                                    .map(s -> s.getName())
                                    .toList());
                        }

                        @Override
                        public void onError(Throwable t) {
                            services.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {}
                    });
            requests.onNext(
                    ServerReflectionRequest.newBuilder().setListServices("").build());
            requests.onCompleted();

            assertThat(services.get(10, TimeUnit.SECONDS))
                    .contains(
                            "tandem.v1.Control",
                            "grpc.health.v1.Health",
                            "grpc.reflection.v1.ServerReflection",
                            "grpc.reflection.v1alpha.ServerReflection");
            TestClients.close(channel);
        }
    }

    /**
     * The deprecated v1alpha reflection, which grpc-js-reflection-client and older grpcurl builds use: the same
     * services listed, and the descriptor of tandem.v1.Control served, so such a client needs no .proto files.
     */
    @Test
    @SuppressWarnings("deprecation")
    void reflectionV1AlphaAnswersForClientsThatDefaultToIt() throws Exception {
        try (ControlServer server = new ControlServer(TestClients.localConfig(dir), target)) {
            server.start();
            ManagedChannel channel = TestClients.local(server);
            List<io.grpc.reflection.v1alpha.ServerReflectionResponse> answers = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
                    io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)
                            .serverReflectionInfo(new StreamObserver<>() {
                                @Override
                                public void onNext(io.grpc.reflection.v1alpha.ServerReflectionResponse r) {
                                    answers.add(r);
                                }

                                @Override
                                public void onError(Throwable t) {
                                    done.completeExceptionally(t);
                                }

                                @Override
                                public void onCompleted() {
                                    done.complete(null);
                                }
                            });
            requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
                    .setListServices("")
                    .build());
            requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
                    .setFileContainingSymbol("tandem.v1.Control")
                    .build());
            requests.onCompleted();
            done.get(10, TimeUnit.SECONDS);

            assertThat(answers).hasSize(2);
            assertThat(answers.get(0).getListServicesResponse().getServiceList().stream()
                            .map(s -> s.getName())
                            .toList())
                    .contains(
                            "tandem.v1.Control",
                            "grpc.health.v1.Health",
                            "grpc.reflection.v1.ServerReflection",
                            "grpc.reflection.v1alpha.ServerReflection");
            assertThat(answers.get(1).getFileDescriptorResponse().getFileDescriptorProtoCount())
                    .isPositive();
            assertThat(com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(
                                    answers.get(1).getFileDescriptorResponse().getFileDescriptorProto(0))
                            .getServiceList())
                    .anySatisfy(s -> assertThat(s.getName()).isEqualTo("Control"));
            TestClients.close(channel);
        }
    }

    @Test
    void stopIsIdempotentAndFreesThePort() throws Exception {
        Path token = SecretFiles.write(dir.resolve("admin.token"), "t0k3n\n");
        ControlServer server = new ControlServer(
                new ControlConfig(
                        new InetSocketAddress("127.0.0.1", 0),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(token),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                target);
        server.start();
        InetSocketAddress address = server.address();
        server.stop(java.time.Duration.ofSeconds(1));
        server.stop(java.time.Duration.ofSeconds(1));

        // Nothing listens there any more. (Binding the same port again would race with the kernel
        // handing it to some other socket as an ephemeral port.)
        assertThatThrownBy(() -> new java.net.Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(java.net.ConnectException.class);
    }
}
