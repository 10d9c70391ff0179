package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import net.tandem.agent.linux.SdNotify;
import net.tandem.agent.linux.SdNotifyTest.FakeSystemd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog on a real event loop (this is about wall-clock stalls, so real time, kept short):
 * WATCHDOG=1 pings at half of WatchdogSec come from the loop, stop while the loop is blocked,
 * and the stall is noticed.
 */
class WatchdogTest {
    @TempDir
    Path dir;

    @Test
    void pingsFromTheLoopStopWhileItIsBlockedAndTheStallIsCounted() throws Exception {
        String path = dir.resolve("notify.sock").toString();
        try (FakeSystemd systemd = new FakeSystemd(path);
                SdNotify notify = SdNotify.open(path, Duration.ofMillis(400));
                EventLoop loop = new EventLoop("test-loop")) {
            Watchdog watchdog = new Watchdog(loop, Optional.of(notify));
            loop.execute(watchdog::start);
            loop.start();
            assertThat(systemd.poll(1000)).isEqualTo("WATCHDOG=1"); // every 200 ms
            assertThat(systemd.poll(1000)).isEqualTo("WATCHDOG=1");

            CountDownLatch blocked = new CountDownLatch(1);
            loop.execute(() -> {
                blocked.countDown();
                sleep(700); // a hung loop (a stand-in for a GC pause or a bug)
            });
            blocked.await();
            while (systemd.poll(50) != null) {
                // drain a ping sent just before the block
            }
            assertThat(systemd.poll(450))
                    .as("no ping while the loop is blocked")
                    .isNull();
            assertThat(systemd.poll(1000)).as("pings again once it runs").isEqualTo("WATCHDOG=1");
            assertThat(watchdog.stalls()).isEqualTo(1);
            loop.execute(watchdog::stop);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
