package net.tandem.agent.chaos;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusRequest;
import net.tandem.proto.v1.WatchEventsRequest;

/**
 * A hostile control-API client, run inside the master's namespace by the chaos lab:
 * {@code ControlFlood PORT TOKEN SECONDS STREAMS CALLS_PER_S} opens STREAMS WatchEvents streams with
 * the admin token and never reads them (it never asks gRPC for a message), and makes CALLS_PER_S
 * GetStatus calls without a token, for SECONDS. Prints how the agent answered.
 */
public final class ControlFlood {
    private ControlFlood() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = args[1];
        long seconds = Long.parseLong(args[2]);
        int streams = Integer.parseInt(args[3]);
        long callsPerSecond = Long.parseLong(args[4]);
        List<ManagedChannel> channels = new ArrayList<>();
        AtomicLong streamsClosed = new AtomicLong(),
                unauthenticated = new AtomicLong(),
                otherAnswers = new AtomicLong();
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        // Streams spread over ten connections (one HTTP/2 connection may cap its concurrent streams).
        for (int c = 0; c < 10; c++) {
            channels.add(Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
                    .build());
        }
        for (int i = 0; i < streams; i++) {
            ClientCall<WatchEventsRequest, Event> call =
                    channels.get(i % channels.size()).newCall(ControlGrpc.getWatchEventsMethod(), CallOptions.DEFAULT);
            call.start(
                    new ClientCall.Listener<>() {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            streamsClosed.incrementAndGet();
                        }
                    },
                    bearer);
            call.sendMessage(WatchEventsRequest.getDefaultInstance());
            call.halfClose();
            // no call.request(n): the stream is never read
        }
        ManagedChannel callChannel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", port, InsecureChannelCredentials.create())
                .build();
        var stub = ControlGrpc.newFutureStub(callChannel);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long calls = 0, now;
        while ((now = System.nanoTime()) < end) {
            while (calls < (now - start) / 1e9 * callsPerSecond) {
                var f = stub.withDeadlineAfter(5, TimeUnit.SECONDS).getStatus(GetStatusRequest.getDefaultInstance());
                f.addListener(
                        () -> {
                            try {
                                f.get();
                                otherAnswers.incrementAndGet();
                            } catch (Exception e) {
                                if (Status.fromThrowable(e).getCode() == Status.Code.UNAUTHENTICATED) {
                                    unauthenticated.incrementAndGet();
                                } else {
                                    otherAnswers.incrementAndGet();
                                }
                            }
                        },
                        Runnable::run);
                calls++;
            }
            LockSupport.parkNanos(1_000_000);
        }
        double took = (System.nanoTime() - start) / 1e9;
        Thread.sleep(1000);
        System.out.printf(
                "control flood: %d never-read streams (%d closed by the agent), %d unauthenticated calls (%.0f/s):"
                        + " %d refused UNAUTHENTICATED, %d other answers%n",
                streams, streamsClosed.get(), calls, calls / took, unauthenticated.get(), otherAnswers.get());
        channels.forEach(ManagedChannel::shutdownNow);
        callChannel.shutdownNow();
    }
}
