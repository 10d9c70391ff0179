package net.tandem.console.grpc;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import net.tandem.client.Backoff;
import net.tandem.client.BearerToken;
import net.tandem.client.ClientSetupException;
import net.tandem.client.ClientTls;
import net.tandem.client.ControlChannel;
import net.tandem.client.ControlFailure;
import net.tandem.client.Target;
import net.tandem.console.config.NodeAddress;
import net.tandem.console.model.CommandResult;
import net.tandem.console.model.NodeConnection;
import net.tandem.console.model.NodeEvent;
import net.tandem.console.model.NodeListener;
import net.tandem.proto.v1.ClearPriorityRequest;
import net.tandem.proto.v1.CommandResponse;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusRequest;
import net.tandem.proto.v1.GetStatusResponse;
import net.tandem.proto.v1.ReleaseRequest;
import net.tandem.proto.v1.SetMaintenanceRequest;
import net.tandem.proto.v1.SetPriorityRequest;
import net.tandem.proto.v1.TakeoverRequest;
import net.tandem.proto.v1.WatchEventsRequest;

/**
 * A node over gRPC: one {@code WatchEvents} stream, opened again after every failure with
 * {@link Backoff} (each new stream starts with a fresh snapshot, so nothing missed while away is
 * lost), and unary commands with a deadline. The channel (TLS, client certificate, token,
 * keepalive) is a {@link ControlChannel}, the same as tandemctl's.
 *
 * <p>A node that dies without closing its TCP connection is noticed two ways: HTTP/2 keepalive
 * pings (every {@link ControlChannel#KEEPALIVE_TIME}), and sooner by a probe: when the stream has been
 * silent for {@link #SILENCE_NANOS} (a live agent sends advert timing every second), a GetStatus
 * with a short deadline decides whether the stream is dead.
 */
public final class GrpcNodeConnection implements NodeConnection {
    static final Duration COMMAND_DEADLINE = Duration.ofSeconds(5);
    static final Duration PROBE_DEADLINE = Duration.ofMillis(2000);
    static final long SILENCE_NANOS = 3_000_000_000L;

    private final NodeAddress address;
    private final ControlChannel channel;
    private final Target target;
    private final Optional<ClientTls> tls;
    private final boolean token;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff = new Backoff();
    private volatile NodeListener listener;
    private volatile boolean closed;
    private volatile ClientCallStreamObserver<WatchEventsRequest> call;
    private volatile long lastMessageNanos;
    private volatile boolean probing;
    private ScheduledFuture<?> watchdog;

    /**
     * Opens the channel (gRPC connects on the first call, in {@link #start}).
     *
     * @param tls   TLS to the node, with a client certificate if the node requires one; empty for plain text
     * @param token the admin token sent with every call; empty for none
     * @throws ClientSetupException when the token would go in plain text to a non-loopback node, or a TLS file
     *     cannot be used
     */
    public GrpcNodeConnection(
            NodeAddress address,
            Optional<ClientTls> tls,
            Optional<BearerToken> token,
            ScheduledExecutorService scheduler) {
        this.address = address;
        this.scheduler = scheduler;
        this.target = address.port() == 0 ? Target.parse(address.target()) : new Target(address.host(), address.port());
        this.tls = tls;
        this.token = token.isPresent();
        this.channel = ControlChannel.open(target, tls, token);
    }

    @Override
    public String name() {
        return address.name();
    }

    @Override
    public String target() {
        return address.target();
    }

    @Override
    public void start(NodeListener nodeListener) {
        this.listener = nodeListener;
        watch();
        watchdog = scheduler.scheduleWithFixedDelay(this::checkSilence, 1, 1, TimeUnit.SECONDS);
    }

    private void watch() {
        if (closed) {
            return;
        }
        listener.connecting();
        lastMessageNanos = System.nanoTime();
        channel.stub()
                .watchEvents(
                        WatchEventsRequest.getDefaultInstance(),
                        new ClientResponseObserver<WatchEventsRequest, Event>() {
                            private boolean ended;

                            @Override
                            public void beforeStart(ClientCallStreamObserver<WatchEventsRequest> requestStream) {
                                call = requestStream;
                            }

                            @Override
                            public void onNext(Event event) {
                                lastMessageNanos = System.nanoTime();
                                if (event.hasSnapshot()) {
                                    backoff.reset();
                                    listener.snapshot(ProtoMapping.snapshot(
                                            event.getSnapshot().getStatus()));
                                    return;
                                }
                                NodeEvent mapped = ProtoMapping.event(event);
                                if (mapped != null) {
                                    listener.event(mapped);
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                                end(describe(t, Duration.ZERO));
                            }

                            @Override
                            public void onCompleted() {
                                end("the agent ended the stream (stopping or restarting?)");
                            }

                            private void end(String reason) {
                                if (ended) {
                                    return;
                                }
                                ended = true;
                                if (closed) {
                                    return;
                                }
                                long delay = backoff.nextDelayNanos();
                                listener.unreachable(reason, delay);
                                scheduler.schedule(GrpcNodeConnection.this::watch, delay, TimeUnit.NANOSECONDS);
                            }
                        });
    }

    /** A silent stream is asked whether it is alive: a node that does not answer GetStatus is treated as gone. */
    private void checkSilence() {
        if (closed || probing || System.nanoTime() - lastMessageNanos < SILENCE_NANOS) {
            return;
        }
        ClientCallStreamObserver<WatchEventsRequest> current = call;
        probing = true;
        channel.stub(PROBE_DEADLINE)
                .getStatus(GetStatusRequest.getDefaultInstance(), new StreamObserver<GetStatusResponse>() {
                    @Override
                    public void onNext(GetStatusResponse value) {
                        lastMessageNanos = System.nanoTime();
                    }

                    @Override
                    public void onError(Throwable t) {
                        probing = false;
                        if (current != null && current == call) {
                            current.cancel(
                                    "no message for " + SILENCE_NANOS / 1_000_000_000L
                                            + " s and no answer to GetStatus: " + describe(t, PROBE_DEADLINE),
                                    null);
                        }
                    }

                    @Override
                    public void onCompleted() {
                        probing = false;
                    }
                });
    }

    @Override
    public CompletableFuture<CommandResult> takeover(String instance) {
        return command(TakeoverRequest.newBuilder().setInstance(instance).build(), (s, r) -> s.takeover(r.req, r.out));
    }

    @Override
    public CompletableFuture<CommandResult> release(String instance) {
        return command(ReleaseRequest.newBuilder().setInstance(instance).build(), (s, r) -> s.release(r.req, r.out));
    }

    @Override
    public CompletableFuture<CommandResult> setPriority(String instance, int priority) {
        return command(
                SetPriorityRequest.newBuilder()
                        .setInstance(instance)
                        .setPriority(priority)
                        .build(),
                (s, r) -> s.setPriority(r.req, r.out));
    }

    @Override
    public CompletableFuture<CommandResult> clearPriority(String instance) {
        return command(
                ClearPriorityRequest.newBuilder().setInstance(instance).build(),
                (s, r) -> s.clearPriority(r.req, r.out));
    }

    @Override
    public CompletableFuture<CommandResult> setMaintenance(boolean on) {
        return command(SetMaintenanceRequest.newBuilder().setOn(on).build(), (s, r) -> s.setMaintenance(r.req, r.out));
    }

    /** A request and where its answer goes. */
    private record Call<Q>(Q req, StreamObserver<CommandResponse> out) {}

    private <Q> CompletableFuture<CommandResult> command(Q request, BiConsumer<ControlGrpc.ControlStub, Call<Q>> send) {
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        StreamObserver<CommandResponse> out = new StreamObserver<>() {
            @Override
            public void onNext(CommandResponse response) {
                result.complete(CommandResult.ok(response.getMessage()));
            }

            @Override
            public void onError(Throwable t) {
                result.complete(CommandResult.failed(describe(t, COMMAND_DEADLINE)));
            }

            @Override
            public void onCompleted() {
                result.complete(CommandResult.failed("the agent answered nothing"));
            }
        };
        try {
            send.accept(channel.stub(COMMAND_DEADLINE), new Call<>(request, out));
        } catch (RuntimeException e) {
            result.complete(CommandResult.failed(String.valueOf(e.getMessage())));
        }
        return result;
    }

    /** What went wrong, in one sentence an operator can act on (the row already names the node). */
    private String describe(Throwable failure, Duration deadline) {
        return ControlFailure.of(failure, new ControlFailure.Attempt(target, tls, token, deadline))
                .sentence();
    }

    @Override
    public void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        ClientCallStreamObserver<WatchEventsRequest> current = call;
        if (current != null) {
            current.cancel("console closing", null);
        }
        channel.close();
    }

    /** For tests: whether the channel has been shut down. */
    boolean isShutdown() {
        return channel.isShutdown();
    }
}
