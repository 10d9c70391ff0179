package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify against a fake systemd: a bound AF_UNIX datagram socket in a temp dir (or abstract). */
public class SdNotifyTest {
    @TempDir
    Path dir;

    /** systemd's end: bind, then receive one datagram within 2 s. */
    public static final class FakeSystemd implements AutoCloseable {
        final int fd;
        final Arena arena = Arena.ofShared();

        public FakeSystemd(String path) throws NativeException {
            fd = Libc.check(Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0), "socket", null);
            MemorySegment sa = SdNotify.sockaddr(arena, path);
            Libc.check(Libc.bind(fd, sa, (int) sa.byteSize()), "bind", null);
        }

        public String receive() throws InterruptedException {
            return receive(2000);
        }

        /** The next datagram, or null if none comes within {@code millis}. */
        public String poll(long millis) throws InterruptedException {
            try {
                return receive(millis);
            } catch (AssertionError e) {
                return null;
            }
        }

        String receive(long millis) throws InterruptedException {
            MemorySegment buf = arena.allocate(4096);
            long deadline = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < deadline) {
                long n = Libc.recv(fd, buf, buf.byteSize(), Libc.MSG_DONTWAIT);
                if (n >= 0) {
                    return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
                }
                Thread.sleep(10);
            }
            throw new AssertionError("nothing received");
        }

        @Override
        public void close() {
            Libc.close(fd);
            arena.close();
        }
    }

    @Test
    void sendsEachStateAsOneDatagramToAPathSocket() throws Exception {
        String path = dir.resolve("notify.sock").toString();
        try (FakeSystemd systemd = new FakeSystemd(path);
                SdNotify n = SdNotify.from(Map.of("NOTIFY_SOCKET", path, "WATCHDOG_USEC", "4000000"), 1)
                        .orElseThrow()) {
            assertThat(n.watchdogTimeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(n.send("READY=1\nSTATUS=running")).isTrue();
            assertThat(systemd.receive()).isEqualTo("READY=1\nSTATUS=running");
            n.send("WATCHDOG=1");
            assertThat(systemd.receive()).isEqualTo("WATCHDOG=1");
        }
    }

    @Test
    void anAbstractSocketNameStartsWithAnAt() throws Exception {
        String name = "@tandem-test-" + ProcessHandle.current().pid();
        try (FakeSystemd systemd = new FakeSystemd(name);
                SdNotify n = SdNotify.open(name, Duration.ZERO)) {
            n.send("STOPPING=1");
            assertThat(systemd.receive()).isEqualTo("STOPPING=1");
        }
    }

    @Test
    void theWatchdogIsForUsOnlyWhenWatchdogPidIsOurs() {
        String path = dir.resolve("x.sock").toString();
        assertThat(SdNotify.from(Map.of("NOTIFY_SOCKET", path, "WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "2"), 1)
                        .orElseThrow()
                        .watchdogTimeout())
                .isZero();
        assertThat(SdNotify.from(Map.of(), 1)).isEmpty();
    }
}
