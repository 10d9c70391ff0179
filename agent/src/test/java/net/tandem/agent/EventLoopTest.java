package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real loop: tasks from other threads and timers run on its one thread, in order. */
class EventLoopTest {
    @Test
    void tasksFromOtherThreadsRunOnTheLoopThread() throws Exception {
        try (EventLoop loop = new EventLoop("test-loop").start()) {
            CountDownLatch done = new CountDownLatch(1);
            boolean[] onLoop = new boolean[1];
            loop.execute(() -> {
                onLoop[0] = loop.inLoop();
                done.countDown();
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(onLoop[0]).isTrue();
        }
    }

    @Test
    void timersFireInDeadlineOrder() throws Exception {
        try (EventLoop loop = new EventLoop("test-loop").start()) {
            List<String> fired = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(3);
            loop.execute(() -> {
                // Deadlines from one reading of the clock: a loaded machine may pause between the calls.
                long now = loop.nanoTime();
                loop.newTimer("c", () -> {
                            fired.add("c");
                            done.countDown();
                        })
                        .startAt(now + 3_000_000);
                loop.newTimer("a", () -> {
                            fired.add("a");
                            done.countDown();
                        })
                        .startAt(now + 1_000_000);
                loop.newTimer("b", () -> {
                            fired.add("b");
                            done.countDown();
                        })
                        .startAt(now + 2_000_000);
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(fired).containsExactly("a", "b", "c");
        }
    }

    /** A flood of tasks (each one handing work on to the next, as the packet inbox does) must not starve our adverts. */
    @Test
    void aTimerFiresWhileTasksKeepComing() throws Exception {
        try (EventLoop loop = new EventLoop("test-loop").start()) {
            CountDownLatch fired = new CountDownLatch(1);
            boolean[] flooding = {true};
            Runnable[] flood = new Runnable[1];
            flood[0] = () -> {
                if (flooding[0]) {
                    loop.execute(flood[0]); // the queue never empties, and never grows
                }
            };
            loop.execute(() -> {
                loop.newTimer("advert", () -> {
                            flooding[0] = false;
                            fired.countDown();
                        })
                        .startAt(loop.nanoTime() + 1_000_000);
                flood[0].run();
            });
            assertThat(fired.await(10, TimeUnit.SECONDS))
                    .as("the timer fired although the task queue never emptied")
                    .isTrue();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() throws Exception {
        try (EventLoop loop = new EventLoop("test-loop").start()) {
            CountDownLatch done = new CountDownLatch(1);
            loop.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            loop.execute(done::countDown);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closeReturnsPromptlyWhenNoTimerIsRunning() {
        EventLoop loop = new EventLoop("test-loop").start();
        long t0 = System.nanoTime();
        loop.close();
        // the loop parks with no deadline when idle: close must still wake and end it
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
}
