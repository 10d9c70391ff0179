package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import net.tandem.agent.control.AgentEvent.AdvertTimingEvent;
import net.tandem.agent.control.AgentEvent.CommandEvent;
import net.tandem.agent.control.AgentEvent.TransitionEvent;
import net.tandem.agent.vrrp.State;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.WatchEventsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WatchEvents: a snapshot, then events; a client that stops reading costs the agent nothing. */
class WatchEventsTest {

    private static final Instant AT = Instant.parse("2026-05-01T11:00:00Z");
    private static final int QUEUE_BOUND = 16;

    private final FakeControlTarget target = new FakeControlTarget();
    private final AtomicLong ticker = new AtomicLong();

    @TempDir
    Path dir;

    private ControlServer server;
    private ManagedChannel channel;

    private void start() throws IOException {
        server = new ControlServer(
                TestClients.localConfig(dir),
                target,
                InstantSource.fixed(AT),
                ticker::get,
                QUEUE_BOUND,
                EventStream.DEFAULT_ADVERT_TIMING_GAP_NANOS);
        server.start();
        // A fixed HTTP/2 window (this turns off gRPC's BDP auto-tuning): with an auto-tuned window the transport
        // may grow to hold all of a stalled client's backlog, and the queue the tests exercise never fills.
        channel = TestClients.localBuilder(server.socketPath().orElseThrow())
                .flowControlWindow(64 * 1024)
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        TestClients.close(channel);
        server.close();
    }

    /** A client that reads {@code initial} messages, then only when told to. */
    private final class Client implements ClientResponseObserver<WatchEventsRequest, Event> {
        final List<Event> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> closed = new CompletableFuture<>();
        private final int initial;
        volatile ClientCallStreamObserver<WatchEventsRequest> call;
        private volatile Predicate<Event> awaited = e -> false;
        private volatile CountDownLatch arrived = new CountDownLatch(1);

        Client(int initial) {
            this.initial = initial;
        }

        Client watch() {
            ClientCalls.asyncServerStreamingCall(
                    channel.newCall(ControlGrpc.getWatchEventsMethod(), io.grpc.CallOptions.DEFAULT),
                    WatchEventsRequest.getDefaultInstance(),
                    this);
            return this;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchEventsRequest> call) {
            this.call = call;
            call.disableAutoRequestWithInitial(initial);
        }

        /** Transitions received plus events counted as dropped by snapshots (updated before {@code received}). */
        private final AtomicLong accounted = new AtomicLong();

        long accounted() {
            return accounted.get();
        }

        @Override
        public void onNext(Event e) {
            accounted.addAndGet(
                    e.hasTransition() ? 1 : e.hasSnapshot() ? e.getSnapshot().getEventsDropped() : 0);
            received.add(e);
            if (awaited.test(e)) {
                arrived.countDown();
            }
        }

        @Override
        public void onError(Throwable t) {
            closed.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            closed.complete(Status.OK);
        }

        /** Waits until a message matching {@code p} arrives (or has arrived). */
        Event await(Predicate<Event> p) throws InterruptedException {
            CountDownLatch latch = new CountDownLatch(1);
            arrived = latch;
            awaited = p;
            for (Event e : received) {
                if (p.test(e)) {
                    return e;
                }
            }
            assertThat(latch.await(30, TimeUnit.SECONDS))
                    .as(
                            "awaited event arrived; received %d, closed %s, last %s",
                            received.size(),
                            closed.getNow(null),
                            received.isEmpty()
                                    ? ""
                                    : received.get(received.size() - 1).getKindCase())
                    .isTrue();
            return received.stream().filter(p).reduce((a, b) -> b).orElseThrow();
        }
    }

    private static CommandEvent marker(String name) {
        return new CommandEvent(AT, name, "marker");
    }

    private static Predicate<Event> isMarker(String name) {
        return e -> e.hasCommand() && e.getCommand().getCommand().equals(name);
    }

    private void awaitSubscribers(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (target.subscribers() != n && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertThat(target.subscribers()).isEqualTo(n);
    }

    @Test
    void aStreamStartsWithASnapshotThenCarriesEvents() throws Exception {
        start();
        Client client = new Client(Integer.MAX_VALUE).watch();
        client.await(Event::hasSnapshot);
        awaitSubscribers(1);

        target.publish(new TransitionEvent(AT, "VI_2", State.BACKUP, State.MASTER, "master down timer expired"));
        client.await(Event::hasTransition);

        Event first = client.received.getFirst();
        assertThat(first.getSnapshot().getEventsDropped()).isZero();
        assertThat(first.getSnapshot().getStatus().getInstancesCount()).isEqualTo(2);
        Event second = client.received.get(1);
        assertThat(second.getTransition().getInstance()).isEqualTo("VI_2");
        assertThat(second.getTransition().getFrom()).isEqualTo(net.tandem.proto.v1.State.BACKUP);
        assertThat(second.getTransition().getTo()).isEqualTo(net.tandem.proto.v1.State.MASTER);
        assertThat(second.getTransition().getReason()).isEqualTo("master down timer expired");
    }

    @Test
    void aSplitBrainIsATypedEventWithTheMastersHeard() throws Exception {
        start();
        Client client = new Client(Integer.MAX_VALUE).watch();
        client.await(Event::hasSnapshot);
        awaitSubscribers(1);

        target.publish(new AgentEvent.SplitBrainEvent(
                AT,
                "VI_1",
                true,
                List.of(new InstanceStatus.HeardMaster(
                        (java.net.Inet4Address) java.net.InetAddress.getByName("192.0.2.2"), 90, 1_500_000_000L)),
                true,
                "two masters at once: 192.0.2.2 (priority 90), this node"));
        Event e = client.await(Event::hasSplitBrain);

        net.tandem.proto.v1.SplitBrain sb = e.getSplitBrain();
        assertThat(sb.getInstance()).isEqualTo("VI_1");
        assertThat(sb.getActive()).isTrue();
        assertThat(sb.getSelfMaster()).isTrue();
        assertThat(sb.getMastersList()).singleElement().satisfies(m -> {
            assertThat(m.getAddress()).isEqualTo("192.0.2.2");
            assertThat(m.getPriority()).isEqualTo(90);
            assertThat(m.getLastSeenAgo().getSeconds()).isEqualTo(1);
            assertThat(m.getLastSeenAgo().getNanos()).isEqualTo(500_000_000);
        });
        assertThat(sb.getDetail()).isEqualTo("two masters at once: 192.0.2.2 (priority 90), this node");
    }

    @Test
    void aClientThatStopsReadingNeverHoldsUpTheAgentAndGetsAFreshSnapshotInsteadOfWhatItMissed() throws Exception {
        start();
        Client stalled = new Client(1).watch(); // reads the snapshot, then nothing
        stalled.await(Event::hasSnapshot);
        awaitSubscribers(1);

        int published = 200_000;
        long began = System.nanoTime();
        for (int i = 0; i < published; i++) {
            target.publish(new TransitionEvent(AT, "VI_1", State.BACKUP, State.MASTER, "event " + i));
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

        // The agent's thread never waited for the network: all events were handed over, quickly, while the
        // client read none of them (HTTP/2 flow control would hold a blocking sender after some 100 KB).
        assertThat(tookMillis)
                .as("time to publish %d events to a stalled client", published)
                .isLessThan(10_000);
        assertThat(stalled.received).hasSize(1);

        stalled.call.request(Integer.MAX_VALUE);
        Event resync = stalled.await(e -> e.hasSnapshot() && e.getSnapshot().getEventsDropped() > 0);
        // The burst may still be flowing through the fan-out when the client resumes, and whatever overflows then
        // is legitimately replaced by another snapshot. Only once every one of the burst's events has reached the
        // client or been counted as dropped is nothing older left queued: an event published then must arrive.
        stalled.await(e -> stalled.accounted() == published);
        target.publish(marker("after"));
        stalled.await(isMarker("after"));

        long delivered = stalled.received.stream().filter(Event::hasTransition).count();
        assertThat(resync.getSnapshot().getEventsDropped()).isPositive();
        assertThat(delivered).as("transitions delivered").isLessThan(published);
        assertThat(delivered + totalDropped(stalled))
                .as("every event delivered or counted as dropped")
                .isEqualTo(published);
        assertThat(stalled.received.getLast()).as("the last message").matches(isMarker("after"));
    }

    private static long totalDropped(Client c) {
        return c.received.stream()
                .filter(Event::hasSnapshot)
                .mapToLong(e -> e.getSnapshot().getEventsDropped())
                .sum();
    }

    @Test
    void advertTimingIsThinnedToTenPerSecondPerInstance() throws Exception {
        start();
        Client client = new Client(Integer.MAX_VALUE).watch();
        client.await(Event::hasSnapshot);
        awaitSubscribers(1);

        for (int i = 0; i < 50; i++) { // a 10 ms instance: 50 adverts within the same 100 ms
            target.publish(new AdvertTimingEvent(AT, "VI_1", i, 0, -1));
            target.publish(new AdvertTimingEvent(AT, "VI_2", i, 0, -1));
        }
        ticker.addAndGet(100_000_000L);
        target.publish(new AdvertTimingEvent(AT, "VI_1", 7, 0, -1));
        target.publish(marker("end"));
        client.await(isMarker("end"));

        List<String> timings = client.received.stream()
                .filter(Event::hasAdvertTiming)
                .map(e -> e.getAdvertTiming().getInstance())
                .toList();
        assertThat(timings).containsExactly("VI_1", "VI_2", "VI_1");
    }

    @Test
    void stoppingTheServerEndsStreamsNormallyAndUnsubscribes() throws Exception {
        start();
        Client client = new Client(Integer.MAX_VALUE).watch();
        client.await(Event::hasSnapshot);
        awaitSubscribers(1);

        server.stop(java.time.Duration.ofSeconds(5));

        assertThat(client.closed.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        assertThat(target.subscribers()).isZero();
    }

    @Test
    void aClientThatGoesAwayIsUnsubscribed() throws Exception {
        start();
        Client client = new Client(Integer.MAX_VALUE).watch();
        client.await(Event::hasSnapshot);
        awaitSubscribers(1);

        client.call.cancel("done watching", null);

        awaitSubscribers(0);
    }
}
