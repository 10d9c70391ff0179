package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import net.tandem.proto.v1.ControlGrpc;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.WatchEventsRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12: 20,000 unread WatchEvents streams made timers late, took a gigabyte, and when the clients left, Netty
 * logged a stack trace per stream. Here 5,000 unread streams are asked of the master's agent over its control socket
 * (100 connections, 50 each): the agent keeps at most 8 per connection and 256 in all and refuses the rest with
 * RESOURCE_EXHAUSTED; the master's adverts, captured from the client's namespace, keep coming at least every
 * 1.5 advert intervals; the backup never takes over; and when every client drops its connection at once, the
 * agent's log stays short.
 */
class ControlFloodNetnsTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final int CONNECTIONS = 100;
    static final int STREAMS_PER_CONNECTION = 50;
    /** advert_int 1 in master-backup/node1.conf. */
    static final double ADVERT_INTERVAL_S = 1.0;

    @RegisterExtension
    static final Lab lab = new Lab(2);

    @Test
    void fiveThousandUnreadStreamsNeitherDelayAdvertsNorMoveTheVip() throws Exception {
        DebianPackages.require("tcpdump", "tcpdump");
        Node node1 = lab.node(1);
        Node node2 = lab.node(2);
        AgentProcess master = lab.agent(node1, lab.config("master-backup/node1.conf"));
        AgentProcess backup = lab.agent(node2, lab.config("master-backup/node2.conf"));
        lab.awaitVip(node1, "192.0.2.8", SETTLE);
        backup.awaitLog(Pattern.compile("VI_1: \\w+ -> BACKUP"), SETTLE);
        lab.awaitExactly(node2, SETTLE); // settled: the backup holds nothing
        Lab.await(() -> Files.exists(node1.controlSocket()), SETTLE, "node1's control socket");
        // Two agents started together may both be master for a moment: what counts starts now, settled.
        int masterLogBefore = master.mark();
        int backupLogBefore = backup.mark();

        Process capture = lab.network()
                .start(lab.client(), "tcpdump", "-i", "eth0", "-n", "-tt", "-l", "ip proto 112 and src host 192.0.2.1");
        List<Double> adverts = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(capture.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains("VRRP")) {
                        adverts.add(Double.parseDouble(line.substring(0, line.indexOf(' '))));
                    }
                }
            } catch (Exception e) {
                // tcpdump ended
            }
        });

        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(
                2, new DefaultThreadFactory("flood", true), EpollIoHandler.newFactory());
        List<ManagedChannel> channels = new ArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger otherEnds = new AtomicInteger();
        try {
            LabWait.pause(Duration.ofSeconds(2)); // a few adverts before the flood
            for (int c = 0; c < CONNECTIONS; c++) {
                ManagedChannel ch = NettyChannelBuilder.forAddress(
                                new DomainSocketAddress(node1.controlSocket().toString()))
                        .channelType(EpollDomainSocketChannel.class)
                        .eventLoopGroup(loop)
                        .usePlaintext()
                        .build();
                channels.add(ch);
                for (int s = 0; s < STREAMS_PER_CONNECTION; s++) {
                    ClientCalls.asyncServerStreamingCall(
                            ch.newCall(ControlGrpc.getWatchEventsMethod(), io.grpc.CallOptions.DEFAULT),
                            WatchEventsRequest.getDefaultInstance(),
                            new ClientResponseObserver<WatchEventsRequest, Event>() {
                                @Override
                                public void beforeStart(ClientCallStreamObserver<WatchEventsRequest> call) {
                                    call.disableAutoRequestWithInitial(0); // never reads a message
                                }

                                @Override
                                public void onNext(Event e) {}

                                @Override
                                public void onError(Throwable t) {
                                    if (Status.fromThrowable(t).getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                                        refused.incrementAndGet();
                                    } else {
                                        otherEnds.incrementAndGet();
                                    }
                                }

                                @Override
                                public void onCompleted() {
                                    otherEnds.incrementAndGet();
                                }
                            });
                }
            }
            int total = CONNECTIONS * STREAMS_PER_CONNECTION;
            Lab.await(
                    () -> refused.get() >= total - 256,
                    SETTLE,
                    "the agent refuses all but 256 of " + total + " streams (refused so far: " + refused + ")");
            LabWait.pause(Duration.ofSeconds(5)); // the unread streams stay open while adverts go on
            assertThat(otherEnds.get()).as("streams ended otherwise").isZero();
            assertThat(refused.get()).isEqualTo(total - 256);
        } finally {
            channels.forEach(ManagedChannel::shutdownNow); // every client goes away at once
            for (ManagedChannel ch : channels) {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            }
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        LabWait.pause(Duration.ofSeconds(2)); // adverts after the clients left, and the agent's log of it
        capture.destroy();
        reader.join(5_000);

        double worst = 0;
        for (int i = 1; i < adverts.size(); i++) {
            worst = Math.max(worst, adverts.get(i) - adverts.get(i - 1));
        }
        System.out.printf("flood: %d adverts captured, largest gap %.3f s%n", adverts.size(), worst);
        assertThat(adverts.size()).as("adverts captured over the test").isGreaterThanOrEqualTo(8);
        assertThat(worst).as("largest gap between node1's adverts, s").isLessThan(1.5 * ADVERT_INTERVAL_S);
        assertThat(backup.findLog(backupLogBefore, Pattern.compile("VI_1: BACKUP -> MASTER")))
                .as("the backup took over")
                .isEmpty();
        assertThat(master.findLog(masterLogBefore, Pattern.compile("VI_1: MASTER -> ")))
                .as("the master stepped down")
                .isEmpty();
        List<String> all = master.logLines();
        List<String> after = all.subList(Math.min(masterLogBefore, all.size()), all.size());
        assertThat(after.size())
                .as("agent log lines during the flood and the clients' exit:\n"
                        + String.join("\n", after.subList(0, Math.min(40, after.size()))))
                .isLessThan(100);
    }
}
