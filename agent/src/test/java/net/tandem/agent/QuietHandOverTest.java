package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import org.junit.jupiter.api.Test;

/**
 * Routine adverts (like the last one a Backup followed) are queued without waking the loop; the loop takes them
 * before its next timer or task ({@link PacketInbox#catchUp}), and anything else wakes it at once. The "loop" is a
 * list of tasks the test runs by hand.
 */
class QuietHandOverTest {
    static final long MS = 1_000_000;

    final Deque<Runnable> loopTasks = new ArrayDeque<>();
    final List<Long> delivered = new ArrayList<>();
    final RoutineAdverts routine = new RoutineAdverts();
    final PacketInbox inbox = new PacketInbox(
            loopTasks::add,
            new PacketInbox.Target() {
                @Override
                public void advert(String interfaceName, ReceivedAdvert advert, long receivedAt) {
                    delivered.add(receivedAt);
                }

                @Override
                public void discard(String interfaceName, DiscardReason reason, long count) {}

                @Override
                public void receiverFailure(String interfaceName, boolean failing, String reason) {}
            },
            routine,
            4096,
            () -> 0L);

    @Test
    void anAdvertLikeTheLastOneFollowedDoesNotWakeTheLoopAndIsTakenBeforeTheNextTimer() {
        routine.expect("eth0", PacketInboxTest.advert(100));
        inbox.advert("eth0", PacketInboxTest.advert(100), 5 * MS);
        assertThat(loopTasks).isEmpty();
        inbox.catchUp();
        assertThat(delivered).containsExactly(5 * MS); // with its arrival time, for the master-down timer
    }

    @Test
    void anotherPriorityAPriorityZeroOrAnotherInterfaceWakesTheLoop() {
        routine.expect("eth0", PacketInboxTest.advert(100));
        inbox.advert("eth0", PacketInboxTest.advert(0), MS);
        assertThat(loopTasks).hasSize(1);
        loopTasks.poll().run();
        inbox.advert("eth0", PacketInboxTest.advert(101), 2 * MS);
        assertThat(loopTasks).hasSize(1);
        loopTasks.poll().run();
        inbox.advert("eth1", PacketInboxTest.advert(100), 3 * MS);
        assertThat(loopTasks).hasSize(1);
    }

    @Test
    void aFullBatchOrAnOldWaitWakesTheLoop() {
        routine.expect("eth0", PacketInboxTest.advert(100));
        for (int i = 0; i < PacketInbox.BATCH - 1; i++) {
            inbox.advert("eth0", PacketInboxTest.advert(100), MS);
        }
        assertThat(loopTasks).isEmpty();
        inbox.advert("eth0", PacketInboxTest.advert(100), MS);
        assertThat(loopTasks).hasSize(1);
        loopTasks.poll().run();
        assertThat(delivered).hasSize(PacketInbox.BATCH);

        inbox.advert("eth0", PacketInboxTest.advert(100), 10 * MS);
        inbox.advert("eth0", PacketInboxTest.advert(100), 10 * MS + PacketInbox.QUIET_MILLIS * MS - 1);
        assertThat(loopTasks).isEmpty();
        inbox.advert("eth0", PacketInboxTest.advert(100), 10 * MS + PacketInbox.QUIET_MILLIS * MS);
        assertThat(loopTasks).hasSize(1);
    }

    @Test
    void afterForgetAllEveryAdvertWakesTheLoop() {
        routine.expect("eth0", PacketInboxTest.advert(100));
        routine.forgetAll();
        inbox.advert("eth0", PacketInboxTest.advert(100), MS);
        assertThat(loopTasks).hasSize(1);
    }
}
