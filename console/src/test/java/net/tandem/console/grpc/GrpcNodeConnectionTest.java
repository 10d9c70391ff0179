package net.tandem.console.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.tandem.client.BearerToken;
import net.tandem.console.config.NodeAddress;
import net.tandem.console.model.CommandResult;
import net.tandem.console.model.NodeEvent;
import net.tandem.console.model.NodeListener;
import net.tandem.console.model.NodeSnapshot;
import net.tandem.console.model.VrrpState;
import net.tandem.proto.v1.CommandResponse;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusResponse;
import net.tandem.proto.v1.Instance;
import net.tandem.proto.v1.Node;
import net.tandem.proto.v1.Snapshot;
import net.tandem.proto.v1.State;
import net.tandem.proto.v1.TakeoverRequest;
import net.tandem.proto.v1.Transition;
import net.tandem.proto.v1.Vip;
import net.tandem.proto.v1.WatchEventsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gRPC connection against a fake agent on 127.0.0.1: the watch, its resumption, commands and the token. */
class GrpcNodeConnectionTest {
    private static final Timestamp AT =
            Timestamp.newBuilder().setSeconds(1_735_732_800L).build();

    private final FakeAgent agent = new FakeAgent();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final RecordingListener listener = new RecordingListener();
    private Server server;
    private GrpcNodeConnection connection;

    @AfterEach
    void stop() throws InterruptedException {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        scheduler.shutdownNow();
    }

    private int serve(int port) throws IOException {
        ServerInterceptor tokenCheck = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                agent.authorization.add(String.valueOf(headers.get(BearerToken.AUTHORIZATION)));
                return next.startCall(call, headers);
            }
        };
        server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(agent, tokenCheck))
                .build()
                .start();
        return server.getPort();
    }

    private void connect(int port) {
        connection = new GrpcNodeConnection(
                new NodeAddress("node1", "127.0.0.1", port),
                Optional.empty(),
                Optional.of(BearerToken.of("s3cret")),
                scheduler);
        connection.start(listener);
    }

    @Test
    void theSnapshotAndThenEventsReachTheListener() throws Exception {
        connect(serve(0));

        assertThat(listener.next()).isEqualTo("connecting");
        NodeSnapshot snapshot = (NodeSnapshot) listener.next();
        assertThat(snapshot.routerId()).isEqualTo("node1");
        assertThat(snapshot.instances()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("VI_1");
            assertThat(i.state()).isEqualTo(VrrpState.MASTER);
            assertThat(i.vips()).containsExactly("192.0.2.8");
            assertThat(i.advertIntervalNanos()).isEqualTo(1_000_000_000L);
            assertThat(i.lastAdvertReceivedAgoNanos()).isEqualTo(-1);
            assertThat(i.transitions()).isEqualTo(3);
        });
        assertThat(listener.next())
                .isEqualTo(new NodeEvent.Transition(
                        java.time.Instant.ofEpochSecond(1_735_732_800L),
                        "VI_1",
                        VrrpState.BACKUP,
                        VrrpState.MASTER,
                        "master down timer expired"));
        assertThat(agent.authorization).contains("Bearer s3cret");
    }

    @Test
    void aDroppedStreamIsResumedWithAFreshSnapshot() throws Exception {
        connect(serve(0));
        listener.next();
        listener.next();
        listener.next();

        agent.streams
                .getFirst()
                .onError(Status.UNAVAILABLE.withDescription("agent restarting").asRuntimeException());

        assertThat(listener.next()).isEqualTo("unreachable: agent restarting (retry in 500 ms)");
        assertThat(listener.next()).isEqualTo("connecting");
        assertThat(listener.next()).isInstanceOf(NodeSnapshot.class);
    }

    @Test
    void anUnreachableNodeIsReportedAndTriedAgainUntilItAnswers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        connect(port);

        assertThat(listener.next()).isEqualTo("connecting");
        assertThat((String) listener.next())
                .startsWith("unreachable: connection refused (is the agent running, and listening on 127.0.0.1:")
                .contains("(retry in 500 ms)");
        serve(port);
        assertThat(listener.next()).isEqualTo("connecting");
        Object next = listener.next();
        while (next instanceof String s && (s.startsWith("unreachable") || s.equals("connecting"))) {
            next = listener.next(); // the agent may still have been starting
        }
        assertThat(next).isInstanceOf(NodeSnapshot.class);
    }

    @Test
    void aCommandReturnsTheAgentsSentence() throws Exception {
        connect(serve(0));

        CommandResult result = connection.takeover("VI_1").get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(CommandResult.ok("node1 becomes MASTER of VI_1"));
    }

    @Test
    void aRefusedCommandReturnsTheAgentsReason() throws Exception {
        connect(serve(0));

        CommandResult result = connection.takeover("VI_9").get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(CommandResult.failed("no instance VI_9 on this node"));
    }

    /** Just enough of an agent: a snapshot and one transition per watch, a takeover that knows VI_1. */
    private static final class FakeAgent extends ControlGrpc.ControlImplBase {
        final List<StreamObserver<Event>> streams = new CopyOnWriteArrayList<>();
        final List<String> authorization = new CopyOnWriteArrayList<>();

        @Override
        public void watchEvents(WatchEventsRequest request, StreamObserver<Event> out) {
            streams.add(out);
            Instance vi1 = Instance.newBuilder()
                    .setName("VI_1")
                    .setState(State.MASTER)
                    .setBasePriority(100)
                    .setEffectivePriority(100)
                    .addVips(Vip.newBuilder().setAddress("192.0.2.8"))
                    .setAdvertisementInterval(
                            com.google.protobuf.Duration.newBuilder().setSeconds(1))
                    .setStats(net.tandem.proto.v1.Stats.newBuilder().setTransitions(3))
                    .build();
            out.onNext(Event.newBuilder()
                    .setAt(AT)
                    .setSnapshot(Snapshot.newBuilder()
                            .setStatus(GetStatusResponse.newBuilder()
                                    .setNode(Node.newBuilder().setRouterId("node1"))
                                    .addInstances(vi1)))
                    .build());
            out.onNext(Event.newBuilder()
                    .setAt(AT)
                    .setTransition(Transition.newBuilder()
                            .setInstance("VI_1")
                            .setFrom(State.BACKUP)
                            .setTo(State.MASTER)
                            .setReason("master down timer expired"))
                    .build());
        }

        @Override
        public void takeover(TakeoverRequest request, StreamObserver<CommandResponse> out) {
            if (!request.getInstance().equals("VI_1")) {
                out.onError(Status.INVALID_ARGUMENT
                        .withDescription("no instance " + request.getInstance() + " on this node")
                        .asRuntimeException());
                return;
            }
            out.onNext(CommandResponse.newBuilder()
                    .setMessage("node1 becomes MASTER of VI_1")
                    .build());
            out.onCompleted();
        }
    }

    /** What the connection said, in order; waits (with a timeout) for the GUI-less listener to hear it. */
    private static final class RecordingListener implements NodeListener {
        private final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();

        Object next() throws InterruptedException {
            Object value = heard.poll(10, TimeUnit.SECONDS);
            assertThat(value).as("the connection reported nothing within 10 s").isNotNull();
            return value;
        }

        @Override
        public void connecting() {
            heard.add("connecting");
        }

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
            heard.add("unreachable: " + reason + " (retry in " + retryInNanos / 1_000_000 + " ms)");
        }
    }
}
