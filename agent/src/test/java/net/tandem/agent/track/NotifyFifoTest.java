package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.config.NotifyCommand;
import net.tandem.agent.config.NotifyFifoConfig;
import net.tandem.agent.config.SourcePos;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** notify_fifo: keepalived's lines, a FIFO made or reused safely, and writes that never wait. */
class NotifyFifoTest {
    @TempDir
    Path dir;

    static NotifyFifoConfig fifo(Path path, Optional<NotifyCommand> script) {
        return new NotifyFifoConfig(
                "notify_fifo", path, Optional.empty(), script, new SourcePos("keepalived.conf", 1, 1));
    }

    static void mkfifo(Path path) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor())
                .isZero();
    }

    /** Reads {@code n} lines from the FIFO on another thread. */
    static CompletableFuture<List<String>> reader(Path path, int n) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(path)) {
                while (lines.size() < n) {
                    lines.add(r.readLine());
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            return lines;
        });
    }

    @Test
    void eachNotificationIsALineInKeepalivedsFormatAndACreatedFifoIsRemovedAtClose() throws Exception {
        Path path = dir.resolve("notify.fifo");
        NotifyFifo f = NotifyFifo.open(fifo(path, Optional.empty()), RunAs.self());
        assertThat(Files.exists(path)).isTrue();
        CompletableFuture<List<String>> lines = reader(path, 5);
        Notifier n = new Notifier();
        n.useFifos(List.of(f));
        n.onTransition(
                FakeInstance.of("VI_1", 150), new Transition("VI_1", State.INITIALIZE, State.BACKUP, "start", 0));
        n.onTransition(FakeInstance.of("VI_1", 150), new Transition("VI_1", State.BACKUP, State.MASTER, "timer", 0));
        n.onLowerPriorityAdvert(FakeInstance.of("VI_1", 150), net.tandem.agent.vrrp.SimulatedLan.ip("192.0.2.9"), 50);
        n.groupChanged("G", "BACKUP");
        n.onTransition(FakeInstance.of("VI_1", 150), new Transition("VI_1", State.MASTER, State.INITIALIZE, "stop", 0));

        assertThat(lines.get(10, TimeUnit.SECONDS))
                .containsExactly(
                        "INSTANCE \"VI_1\" BACKUP 150",
                        "INSTANCE \"VI_1\" MASTER 150",
                        "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150",
                        "GROUP \"G\" BACKUP 0",
                        "INSTANCE \"VI_1\" STOP 150");
        n.close();
        f.close();
        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    void anExistingFifoIsUsedAndLeftInPlace() throws Exception {
        Path path = dir.resolve("existing.fifo");
        mkfifo(path);
        CompletableFuture<List<String>> lines = reader(path, 1);
        NotifyFifo f = NotifyFifo.open(fifo(path, Optional.empty()), RunAs.self());
        f.write(new NotifyFifo.Line("INSTANCE", "VI_1", "FAULT", 0));
        assertThat(lines.get(10, TimeUnit.SECONDS)).containsExactly("INSTANCE \"VI_1\" FAULT 0");
        f.close();
        assertThat(Files.exists(path)).isTrue();
    }

    @Test
    void aSymbolicLinkIsRefusedEvenToAFifo() throws Exception {
        Path target = dir.resolve("real.fifo");
        mkfifo(target);
        Path link = Files.createSymbolicLink(dir.resolve("link.fifo"), target);
        assertThatThrownBy(() -> NotifyFifo.open(fifo(link, Optional.empty()), RunAs.self()))
                .hasMessageContaining("notify_fifo " + link)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void anExistingFileThatIsNotAFifoIsRefusedAndKept() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "keep me\n");
        assertThatThrownBy(() -> NotifyFifo.open(fifo(file, Optional.empty()), RunAs.self()))
                .hasMessageContaining("not a FIFO");
        assertThat(Files.readString(file)).isEqualTo("keep me\n");
    }

    @Test
    void aFifoOwnedByAnotherUserIsRefused() throws Exception {
        Path path = dir.resolve("theirs.fifo");
        mkfifo(path);
        Files.setAttribute(path, "unix:uid", 65534);
        assertThatThrownBy(() -> NotifyFifo.open(fifo(path, Optional.empty()), RunAs.self()))
                .hasMessageContaining("owned by uid 65534");
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path path = open.resolve("notify.fifo");
        assertThatThrownBy(() -> NotifyFifo.open(fifo(path, Optional.empty()), RunAs.self()))
                .hasMessageContaining("writable by another user");
        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    void withNobodyReadingWritesNeverWaitAndWhatDoesNotFitIsCountedAsDropped() throws Exception {
        Path path = dir.resolve("unread.fifo");
        NotifyFifo f = NotifyFifo.open(fifo(path, Optional.empty()), RunAs.self());
        // 100 000 lines of ~35 bytes: far more than a pipe holds (64 KiB).
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 100_000; i++) {
                f.write(new NotifyFifo.Line("INSTANCE", "VI_1", "MASTER", 100));
            }
        });
        assertThat(f.dropped()).isGreaterThan(90_000);
        f.close();
    }

    @Test
    void theFifoScriptStartsWithThePathAsItsLastArgumentAndReadsTheLines() throws Exception {
        Path path = dir.resolve("scripted.fifo");
        Path out = dir.resolve("out");
        Path script = dir.resolve("read.sh");
        Files.writeString(script, "#!/bin/sh\nexec cat \"$2\" > " + out + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        NotifyFifo f = NotifyFifo.open(fifo(path, Optional.of(NotifyCommand.of(script + " first"))), RunAs.self());
        f.write(new NotifyFifo.Line("INSTANCE", "VI_1", "BACKUP", 90));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline
                && !(Files.exists(out) && Files.readString(out).equals("INSTANCE \"VI_1\" BACKUP 90\n"))) {
            Thread.sleep(20); // a real process, not a protocol: bounded polling
        }
        assertThat(Files.readString(out)).isEqualTo("INSTANCE \"VI_1\" BACKUP 90\n");
        f.close();
        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    void theNotifierWritesNoLineForAnUnnotifiedTransition() throws Exception {
        Path path = dir.resolve("quiet.fifo");
        NotifyFifo f = NotifyFifo.open(fifo(path, Optional.empty()), RunAs.self());
        Notifier n = new Notifier();
        n.configure(Map.of(), RunAs.self(), Map.of());
        n.useFifos(List.of(f));
        // INITIALIZE -> INITIALIZE (never started) is not a notification; the MASTER one is the first line.
        n.onTransition(FakeInstance.of("VI_1", 1), new Transition("VI_1", State.INITIALIZE, State.INITIALIZE, "x", 0));
        n.onTransition(FakeInstance.of("VI_1", 1), new Transition("VI_1", State.BACKUP, State.MASTER, "x", 0));
        assertThat(reader(path, 1).get(10, TimeUnit.SECONDS)).containsExactly("INSTANCE \"VI_1\" MASTER 1");
        f.close();
    }
}
