package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

/**
 * The bounded hand-over from the receive threads to the loop: a flood fills the queue, the rest is dropped and
 * counted, and the loop takes what is queued in batches, one task at a time. The "loop" here is a list of tasks the
 * test runs by hand.
 */
class PacketInboxTest {
    final Deque<Runnable> loopTasks = new ArrayDeque<>();
    final List<Integer> delivered = new ArrayList<>();
    final Map<String, Long> discarded = new TreeMap<>();
    final List<String> failures = new ArrayList<>();

    final PacketInbox inbox = new PacketInbox(
            loopTasks::add,
            new PacketInbox.Target() {
                @Override
                public void advert(String interfaceName, ReceivedAdvert advert, long receivedAt) {
                    delivered.add(advert.advert().priority());
                }

                @Override
                public void discard(String interfaceName, DiscardReason reason, long count) {
                    discarded.merge(interfaceName + " " + reason, count, Long::sum);
                }

                @Override
                public void receiverFailure(String interfaceName, boolean failing, String reason) {
                    failures.add(interfaceName + (failing ? " failing" : " receiving"));
                }
            },
            100,
            () -> 0L);

    static ReceivedAdvert advert(int priority) {
        try {
            Inet4Address from = (Inet4Address) InetAddress.getByName("192.0.2.1");
            Inet4Address to = (Inet4Address) InetAddress.getByName("224.0.0.18");
            return new ReceivedAdvert(
                    from, to, 255, new Advert(VrrpVersion.V2, 51, priority, 1, List.of(from), AuthType.NONE, ""));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    void runLoop() {
        Runnable r;
        while ((r = loopTasks.poll()) != null) {
            r.run();
        }
    }

    @Test
    void aFloodFillsTheQueueAndTheRestIsDroppedAndCountedNotQueued() {
        for (int i = 0; i < 1000; i++) {
            inbox.advert("eth0", advert(1 + i % 254), 0);
        }
        assertThat(inbox.queued()).isEqualTo(100);
        assertThat(loopTasks).hasSize(1); // one drain task, not one task per packet
        runLoop();
        assertThat(delivered).hasSize(100);
        assertThat(delivered.subList(0, 3)).containsExactly(1, 2, 3); // in arrival order
        assertThat(discarded).isEqualTo(Map.of("eth0 QUEUE_FULL", 900L));
    }

    @Test
    void theLoopTakesOneBatchPerTaskSoThatItsTimersRunInBetween() {
        for (int i = 0; i < 100; i++) {
            inbox.advert("eth0", advert(100), 0);
        }
        loopTasks.poll().run();
        assertThat(delivered).hasSize(PacketInbox.BATCH);
        assertThat(loopTasks).hasSize(1); // the rest in a later task
        runLoop();
        assertThat(delivered).hasSize(100);
    }

    @Test
    void refusedPacketsAreCountersNotQueuedTasks() {
        for (int i = 0; i < 50_000; i++) {
            inbox.discard("eth0", DiscardReason.CHECKSUM);
        }
        inbox.discard("eth1", DiscardReason.ARRIVAL_INTERFACE);
        assertThat(loopTasks).hasSize(1);
        runLoop();
        assertThat(discarded).isEqualTo(Map.of("eth0 CHECKSUM", 50_000L, "eth1 ARRIVAL_INTERFACE", 1L));
    }

    @Test
    void receiverFailuresAndRecoveriesReachTheLoopInOrder() {
        inbox.failed("eth0", "recvmsg failed");
        inbox.receiving("eth0");
        runLoop();
        assertThat(failures).containsExactly("eth0 failing", "eth0 receiving");
    }
}
