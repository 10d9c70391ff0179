package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: exit codes, and a hung script killed at its timeout together with its children. */
class ProcessScriptRunnerTest {
    @TempDir
    Path dir;

    @Test
    void reportsTheExitCode() {
        assertThat(ProcessScriptRunner.runNow("t", List.of("true"), Duration.ofSeconds(5))
                        .success())
                .isTrue();
        ScriptRunner.Outcome o = ProcessScriptRunner.runNow("t", List.of("sh", "-c", "exit 3"), Duration.ofSeconds(5));
        assertThat(o.success()).isFalse();
        assertThat(o.describe()).isEqualTo("exit 3");
    }

    @Test
    void aMissingCommandIsAFailureThatSaysSo() {
        ScriptRunner.Outcome o = ProcessScriptRunner.runNow("t", List.of("/nonexistent/check"), Duration.ofSeconds(5));
        assertThat(o.success()).isFalse();
        assertThat(o.describe()).contains("/nonexistent/check");
    }

    @Test
    void aHungScriptIsKilledAtItsTimeoutWithItsChildren() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        // The script starts a grandchild sleep, records its pid, and waits for it.
        String script = "sleep 300 & echo $! > " + pidFile + "; wait";
        long start = System.nanoTime();
        ScriptRunner.Outcome o =
                ProcessScriptRunner.runNow("chk_hung", List.of("sh", "-c", script), Duration.ofMillis(500));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(o.timedOut()).isTrue();
        assertThat(o.describe()).isEqualTo("timed out after 500 ms; its process group was killed");
        assertThat(tookMillis).isBetween(450L, 3000L);
        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        // SIGKILL is delivered at once; the zombie is reaped by init shortly after.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false)
                && !isZombie(grandchild)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false) && !isZombie(grandchild))
                .as("grandchild sleep %d is gone", grandchild)
                .isFalse();
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return true; // gone
        }
    }
}
