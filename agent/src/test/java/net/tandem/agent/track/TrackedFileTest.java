package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.config.SourcePos;
import net.tandem.agent.config.TrackFileConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** keepalived reads a track file with strtol(buf, NULL, 0); anything unreadable is 0. */
class TrackedFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheNumberAsStrtolWould() {
        assertThat(TrackedFile.parse("  42\n")).isEqualTo(42);
        assertThat(TrackedFile.parse("-3 degraded")).isEqualTo(-3);
        assertThat(TrackedFile.parse("0x10")).isEqualTo(16);
        assertThat(TrackedFile.parse("010")).isEqualTo(8);
        assertThat(TrackedFile.parse("abc")).isZero();
        assertThat(TrackedFile.parse("")).isZero();
    }

    @Test
    void aMissingFileReadsZeroWithoutComplaint() throws Exception {
        assertThat(TrackedFile.read(dir.resolve("missing")))
                .isEqualTo(new TrackedFile.Reading(0, java.util.Optional.empty()));
        Path f = dir.resolve("prio");
        Files.writeString(f, "7\n");
        assertThat(TrackedFile.read(f).value()).isEqualTo(7);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS) // a blocking open of the FIFO would hang here
    void aFifoIsReportedNotWaitedOn() throws Exception {
        Path fifo = mkfifo(dir.resolve("fifo"));
        TrackedFile.Reading r = TrackedFile.read(fifo);
        assertThat(r.value()).isZero();
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).contains("not a regular file"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS) // reading /dev/zero to its end never ends (or runs out of heap)
    void aDeviceIsReportedNotReadToItsEnd() {
        TrackedFile.Reading r = TrackedFile.read(Path.of("/dev/zero"));
        assertThat(r.value()).isZero();
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).contains("/dev/zero is not a regular file"));
        assertThat(TrackedFile.read(dir).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("a directory"));
    }

    @Test
    void aLargeFileIsReadOnlyAsFarAsTheBound() throws Exception {
        Path big = dir.resolve("big");
        Files.writeString(big, "12" + " ".repeat(1 << 20) + "99");
        assertThat(TrackedFile.read(big).value()).isEqualTo(12);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFifoAndADeviceDoNotFreezeTheOtherFiles() throws Exception {
        Path fifo = mkfifo(dir.resolve("fifo"));
        Path good = Files.writeString(dir.resolve("good"), "5\n");
        List<Runnable> loop = new ArrayList<>();
        List<TrackedFile> files = List.of(
                new TrackedFile(config("fifo", fifo, OptionalLong.empty()), loop::add),
                new TrackedFile(config("zero", Path.of("/dev/zero"), OptionalLong.empty()), loop::add),
                new TrackedFile(config("good", good, OptionalLong.empty()), loop::add));
        try (TrackedFiles poller = new TrackedFiles(false)) {
            files.forEach(poller::addWithoutReading);
            poller.pollAll();
            assertThat(loop).hasSize(3); // each file's first reading reached the loop
            Files.writeString(good, "6\n");
            poller.pollAll();
            assertThat(loop).hasSize(4); // and the good file's change too, after the FIFO and the device
        }
    }

    @Test
    void initFileIsCreatedWhenMissing() throws Exception {
        Path f = dir.resolve("created");
        new TrackedFile(config("t", f, OptionalLong.of(3)), Runnable::run).initialise();
        assertThat(Files.readString(f)).isEqualTo("3\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void initFileDoesNotWriteThroughASymbolicLink() throws Exception {
        Path victim = dir.resolve("victim"); // does not exist: a dangling link, as an attacker plants it
        Path link = Files.createSymbolicLink(dir.resolve("track"), victim);
        new TrackedFile(config("t", link, OptionalLong.of(0)), Runnable::run).initialise();
        assertThat(victim).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isTrue();

        Path existing = Files.writeString(dir.resolve("existing"), "precious\n");
        Path link2 = Files.createSymbolicLink(dir.resolve("track2"), existing);
        new TrackedFile(config("t2", link2, OptionalLong.of(0)), Runnable::run).initialise();
        assertThat(Files.readString(existing)).isEqualTo("precious\n");
    }

    @Test
    void initFileLeavesAnExistingFileAlone() throws Exception {
        Path f = Files.writeString(dir.resolve("set"), "9\n");
        new TrackedFile(config("t", f, OptionalLong.of(0)), Runnable::run).initialise();
        assertThat(Files.readString(f)).isEqualTo("9\n");
    }

    private static TrackFileConfig config(String name, Path file, OptionalLong init) {
        return new TrackFileConfig(name, new SourcePos("test.conf", 1, 1), file.toString(), 1, false, init);
    }

    private static Path mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).start();
        assertThat(p.waitFor()).isZero();
        return path;
    }
}
