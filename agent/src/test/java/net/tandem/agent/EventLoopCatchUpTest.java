package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.time.Timer;
import org.junit.jupiter.api.Test;

/**
 * The loop's catch-up (work handed over without a wake-up, such as routine adverts) runs before a due timer and
 * before tasks: an advert that re-arms a master-down timer is taken before that timer may fire.
 */
class EventLoopCatchUpTest {
    @Test
    void theCatchUpRunsBeforeADueTimerAndMayPostponeIt() throws Exception {
        try (EventLoop loop = new EventLoop("test-loop")) {
            List<String> events = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            Timer due = loop.newTimer("master-down", () -> events.add("fired"));
            Timer end = loop.newTimer("end", done::countDown);
            boolean[] postponed = new boolean[1];
            loop.beforeTimersAndTasks(() -> {
                if (!postponed[0] && due.isRunning() && loop.nanoTime() >= due.deadline()) {
                    postponed[0] = true;
                    events.add("caught up");
                    due.startIn(TimeUnit.HOURS.toNanos(1)); // an advert that arrived meanwhile re-arms it
                }
            });
            due.startIn(TimeUnit.MILLISECONDS.toNanos(5));
            end.startIn(TimeUnit.MILLISECONDS.toNanos(50));
            loop.start();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(events).containsExactly("caught up");
        }
    }

    @Test
    void theCatchUpRunsBeforeTasks() throws Exception {
        try (EventLoop loop = new EventLoop("test-loop")) {
            List<String> events = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            loop.beforeTimersAndTasks(() -> events.add("catch-up"));
            loop.start();
            loop.execute(() -> {
                events.add("task");
                done.countDown();
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(events.subList(events.indexOf("task") - 1, events.indexOf("task") + 1))
                    .containsExactly("catch-up", "task");
        }
    }
}
