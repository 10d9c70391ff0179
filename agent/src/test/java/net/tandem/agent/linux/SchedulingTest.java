package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The scheduling calls against the real kernel, on a thread of the test's own that nothing else uses: its nice
 * value and CPU set as /proc shows them afterwards. (Real-time scheduling and mlockall need privileges and would
 * change the test JVM for good; the netns-free agent path that uses them is covered by ProcessTunerTest's
 * refusal handling.)
 */
class SchedulingTest {

    /** Runs {@code body} with the tid of a fresh thread that waits until body is done. */
    private static void onAFreshThread(ThrowingTidConsumer body) throws Exception {
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().name("sched-test").start(() -> {
            tid.complete(Scheduling.currentThreadId());
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            body.accept(tid.get());
        } finally {
            done.countDown();
            t.join();
        }
    }

    interface ThrowingTidConsumer {
        void accept(int tid) throws Exception;
    }

    private static String statField(int tid, int field) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[field - 3];
    }

    @Test
    void theThreadIdIsOneOfThisProcesssThreads() throws Exception {
        onAFreshThread(tid -> assertThat(Scheduling.threads()).anySatisfy(t -> {
            assertThat(t.tid()).isEqualTo(tid);
            assertThat(t.name()).isEqualTo("sched-test");
        }));
    }

    @Test
    void aHigherNiceValueReachesTheThread() throws Exception {
        // Raising nice needs no privilege; field 19 of /proc/.../stat is nice.
        onAFreshThread(tid -> {
            Scheduling.setNice(tid, 7);
            assertThat(statField(tid, 19)).isEqualTo("7");
        });
    }

    @Test
    void theCpuSetReachesTheThread() throws Exception {
        onAFreshThread(tid -> {
            Scheduling.setAffinity(tid, List.of(0));
            assertThat(Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status")))
                    .contains("Cpus_allowed_list:\t0");
        });
    }

    @Test
    void aRefusalComesBackAsANativeExceptionWithItsErrno() {
        // No such thread: ESRCH, not a crash.
        assertThatThrownBy(() -> Scheduling.setNice(Integer.MAX_VALUE, 1))
                .isInstanceOf(NativeException.class)
                .satisfies(e -> assertThat(((NativeException) e).errno()).isEqualTo(3));
        assertThatThrownBy(() -> Scheduling.setAffinity(0, List.of(5000))).isInstanceOf(IllegalArgumentException.class);
    }
}
