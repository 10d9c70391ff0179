package net.tandem.agent.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    final VirtualScheduler clock = new VirtualScheduler();
    final List<String> fired = new ArrayList<>();

    Timer timer(String name) {
        return clock.newTimer(name, () -> fired.add(name + "@" + clock.nanoTime()));
    }

    @Test
    void timersFireInDeadlineOrderEachSeeingItsOwnTime() {
        timer("b").startIn(20);
        timer("a").startIn(10);
        timer("c").startIn(30);
        clock.advanceNanos(25);
        assertThat(fired).containsExactly("a@10", "b@20");
        assertThat(clock.nanoTime()).isEqualTo(25);
    }

    @Test
    void timersWithTheSameDeadlineFireInTheOrderTheyWereStarted() {
        timer("x").startIn(10);
        timer("y").startIn(10);
        timer("z").startIn(10);
        clock.advanceNanos(10);
        assertThat(fired).containsExactly("x@10", "y@10", "z@10");
    }

    @Test
    void aRestartedTimerFiresOnlyAtItsNewDeadline() {
        Timer t = timer("t");
        t.startIn(10);
        clock.advanceNanos(5);
        t.startIn(10);
        clock.advanceNanos(9);
        assertThat(fired).isEmpty();
        clock.advanceNanos(1);
        assertThat(fired).containsExactly("t@15");
        assertThat(t.isRunning()).isFalse();
    }

    @Test
    void aCancelledTimerNeverFires() {
        Timer t = timer("t");
        timer("other").startIn(5);
        t.startIn(10);
        t.cancel();
        clock.advanceNanos(100);
        assertThat(fired).containsExactly("other@5");
    }

    @Test
    void aTimerStartedByATimerFiresWithinTheSameAdvance() {
        Timer[] second = new Timer[1];
        second[0] = timer("second");
        clock.newTimer("first", () -> second[0].startIn(5)).startIn(10);
        clock.advanceNanos(20);
        assertThat(fired).containsExactly("second@15");
    }

    @Test
    void manyTimersKeepHeapOrder() {
        java.util.Random r = new java.util.Random(7);
        List<Long> seen = new ArrayList<>();
        List<Timer> timers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Timer t = clock.newTimer("t" + i, () -> seen.add(clock.nanoTime()));
            t.startIn(r.nextInt(10_000));
            timers.add(t);
        }
        for (int i = 0; i < 200; i++) {
            timers.get(r.nextInt(timers.size())).cancel();
            timers.get(r.nextInt(timers.size())).startIn(r.nextInt(10_000));
        }
        clock.advanceNanos(20_000);
        assertThat(seen).isSorted();
    }
}
