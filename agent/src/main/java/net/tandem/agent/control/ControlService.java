package net.tandem.agent.control;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import net.tandem.proto.v1.ClearPriorityRequest;
import net.tandem.proto.v1.CommandResponse;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusRequest;
import net.tandem.proto.v1.GetStatusResponse;
import net.tandem.proto.v1.ReleaseRequest;
import net.tandem.proto.v1.ReloadRequest;
import net.tandem.proto.v1.ReloadResponse;
import net.tandem.proto.v1.SetMaintenanceRequest;
import net.tandem.proto.v1.SetPriorityRequest;
import net.tandem.proto.v1.TakeoverRequest;
import net.tandem.proto.v1.WatchEventsRequest;

/**
 * The tandem.v1.Control RPCs, each a call on the {@link ControlTarget}. Handlers run on the server's executor,
 * never on Netty's event loops, because the target answers from the agent's event loop and may make the caller
 * wait. Every command is audit-logged with its outcome; a {@link ControlException} becomes INVALID_ARGUMENT or
 * FAILED_PRECONDITION with the target's message, and nothing changed.
 */
final class ControlService extends ControlGrpc.ControlImplBase {

    private static final System.Logger LOG = System.getLogger(ControlService.class.getName());

    private final ControlTarget target;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Executor executor;
    private final LongSupplier nanoTime;
    private final int queueBound;
    private final long advertTimingGapNanos;
    /** Set by the server on every connection, so that streams can be counted per connection. */
    static final io.grpc.Attributes.Key<Object> CONNECTION = io.grpc.Attributes.Key.create("tandem.connection");
    /** The same, for the call's handler (set by {@link TokenAuthInterceptor}). */
    static final io.grpc.Context.Key<Object> CONNECTION_CONTEXT = io.grpc.Context.key("tandem.connection");
    /** WatchEvents streams at once on one connection (the console opens one per node). */
    static final int MAX_STREAMS_PER_CONNECTION = 8;
    /** WatchEvents streams at once in all. */
    static final int MAX_STREAMS = 256;
    /** How old a snapshot a new stream may start from, if nothing changed since. */
    static final long SNAPSHOT_MAX_AGE_NANOS = 1_000_000_000L;

    private final EventFanOut fanOut;
    private final SnapshotCache snapshots;
    private final Map<Object, AtomicInteger> perConnection = new ConcurrentHashMap<>();
    private final AtomicInteger streamCount = new AtomicInteger();
    private final RateLimitedLog refusedStreams = RateLimitedLog.warnings(LOG);

    ControlService(
            ControlTarget target,
            AuditLog audit,
            InstantSource clock,
            Executor executor,
            LongSupplier nanoTime,
            int queueBound,
            long advertTimingGapNanos) {
        this.target = target;
        this.audit = audit;
        this.clock = clock;
        this.executor = executor;
        this.nanoTime = nanoTime;
        this.queueBound = queueBound;
        this.advertTimingGapNanos = advertTimingGapNanos;
        this.snapshots = new SnapshotCache(this::snapshot, nanoTime, SNAPSHOT_MAX_AGE_NANOS);
        this.fanOut = new EventFanOut(target, nanoTime, snapshots::onEvent);
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> out) {
        try {
            out.onNext(snapshot());
            out.onCompleted();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "control: GetStatus failed", e);
            out.onError(
                    Status.INTERNAL.withDescription("status unavailable: " + e).asRuntimeException());
        }
    }

    @Override
    public void watchEvents(WatchEventsRequest request, StreamObserver<Event> out) {
        Object connection = CONNECTION_CONTEXT.get();
        AtomicInteger onConnection =
                perConnection.computeIfAbsent(connection == null ? this : connection, c -> new AtomicInteger());
        if (streamCount.incrementAndGet() > MAX_STREAMS) {
            streamCount.decrementAndGet();
            refuse(out, onConnection, connection, MAX_STREAMS + " WatchEvents streams are open on this agent");
            return;
        }
        if (onConnection.incrementAndGet() > MAX_STREAMS_PER_CONNECTION) {
            onConnection.decrementAndGet();
            streamCount.decrementAndGet();
            refuse(
                    out,
                    onConnection,
                    connection,
                    MAX_STREAMS_PER_CONNECTION + " WatchEvents streams are open on this connection");
            return;
        }
        EventStream[] self = new EventStream[1];
        self[0] = new EventStream(
                (ServerCallStreamObserver<Event>) out,
                snapshots::get,
                executor,
                nanoTime,
                queueBound,
                advertTimingGapNanos,
                () -> {
                    streamCount.decrementAndGet();
                    if (onConnection.decrementAndGet() == 0 && connection != null) {
                        perConnection.remove(connection, onConnection);
                    }
                });
        self[0].start(fanOut);
    }

    private void refuse(StreamObserver<Event> out, AtomicInteger onConnection, Object connection, String why) {
        if (onConnection.get() == 0 && connection != null) {
            perConnection.remove(connection, onConnection);
        }
        refusedStreams.log(
                "control: WatchEvents refused from " + Caller.current().peer() + ": " + why);
        out.onError(Status.RESOURCE_EXHAUSTED
                .withDescription(why + "; close some, or watch through fewer connections")
                .asRuntimeException());
    }

    @Override
    public void takeover(TakeoverRequest r, StreamObserver<CommandResponse> out) {
        command("Takeover", "instance=" + r.getInstance(), () -> target.takeover(r.getInstance()), out);
    }

    @Override
    public void release(ReleaseRequest r, StreamObserver<CommandResponse> out) {
        command("Release", "instance=" + r.getInstance(), () -> target.release(r.getInstance()), out);
    }

    @Override
    public void setPriority(SetPriorityRequest r, StreamObserver<CommandResponse> out) {
        // uint32 on the wire: anything above int range is just as out of range (1..254) for the target.
        int priority = (int) Math.min(Integer.toUnsignedLong(r.getPriority()), Integer.MAX_VALUE);
        command(
                "SetPriority",
                "instance=" + r.getInstance() + " priority=" + Integer.toUnsignedString(r.getPriority()),
                () -> target.setPriority(r.getInstance(), priority),
                out);
    }

    @Override
    public void clearPriority(ClearPriorityRequest r, StreamObserver<CommandResponse> out) {
        command("ClearPriority", "instance=" + r.getInstance(), () -> target.clearPriority(r.getInstance()), out);
    }

    @Override
    public void setMaintenance(SetMaintenanceRequest r, StreamObserver<CommandResponse> out) {
        command("SetMaintenance", "on=" + r.getOn(), () -> target.setMaintenance(r.getOn()), out);
    }

    @Override
    public void reload(ReloadRequest r, StreamObserver<ReloadResponse> out) {
        Caller caller = Caller.current();
        ControlTarget.ReloadResult result;
        try {
            result = target.reload();
        } catch (RuntimeException e) {
            audit.record(caller, "Reload", "", "INTERNAL: " + e);
            LOG.log(System.Logger.Level.WARNING, "control: Reload failed", e);
            out.onError(Status.INTERNAL.withDescription("reload failed: " + e).asRuntimeException());
            return;
        }
        audit.record(caller, "Reload", "", (result.applied() ? "OK: " : "NOT APPLIED: ") + result.summary());
        out.onNext(ReloadResponse.newBuilder()
                .setApplied(result.applied())
                .addAllDiagnostics(result.diagnostics())
                .setSummary(nullToEmpty(result.summary()))
                .build());
        out.onCompleted();
    }

    /** Ends every WatchEvents stream normally; part of the server's graceful shutdown. */
    void completeStreams() {
        fanOut.streams().forEach(EventStream::complete);
    }

    int openStreams() {
        return fanOut.size();
    }

    /** Stops the fan-out thread (after the servers stopped). */
    void close() {
        fanOut.close();
    }

    private GetStatusResponse snapshot() {
        return Messages.status(target.status(), clock.instant());
    }

    @FunctionalInterface
    private interface Command {
        String run() throws ControlException;
    }

    private void command(String method, String arguments, Command command, StreamObserver<CommandResponse> out) {
        Caller caller = Caller.current();
        String message;
        try {
            message = command.run();
        } catch (ControlException e) {
            Status status = status(e);
            audit.record(caller, method, arguments, status.getCode() + ": " + e.getMessage());
            out.onError(status.asRuntimeException());
            return;
        } catch (RuntimeException e) {
            audit.record(caller, method, arguments, "INTERNAL: " + e);
            LOG.log(System.Logger.Level.WARNING, "control: " + method + " failed", e);
            out.onError(
                    Status.INTERNAL.withDescription(method + " failed: " + e).asRuntimeException());
            return;
        }
        audit.record(caller, method, arguments, "OK: " + message);
        out.onNext(CommandResponse.newBuilder().setMessage(nullToEmpty(message)).build());
        out.onCompleted();
    }

    static Status status(ControlException e) {
        Status base = switch (e.kind()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
        };
        return base.withDescription(e.getMessage());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
