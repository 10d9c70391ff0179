package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.config.TrackProcessConfig;
import net.tandem.agent.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

/** keepalived's track_process rules (quorum, delays, weights and FAULT), counted from a fake process table. */
class TrackedProcessTest {
    final VirtualScheduler clock = new VirtualScheduler();
    final List<ProcessInfo> running = new ArrayList<>();
    final TrackedProcesses poller =
            new TrackedProcesses(clock, Runnable::run, Runnable::run, this::snapshot, Duration.ofSeconds(1));
    final InstanceHealth health = new InstanceHealth(FakeInstance.of("VI_1", 100));
    int nextPid = 1000;
    int snapshots;

    private List<ProcessInfo> snapshot(boolean commandLines) {
        snapshots++;
        return List.copyOf(running);
    }

    static TrackProcessConfig config(String body) {
        ConfigResult r = ConfigLoader.parse("t.conf", "track_process p {\n" + body + "\n}\n", Path.of("."));
        assertThat(r.diagnostics()).isEmpty();
        return r.config().trackProcesses().get("p");
    }

    /** Tracks {@code body} with the block's own weight, as an instance's {@code track_process { p }} does. */
    TrackedProcess track(String body) {
        TrackProcessConfig c = config(body);
        TrackedProcess p = new TrackedProcess(c, clock);
        p.track(new Target(health, c.weight(), c.weightReverse()));
        poller.add(p);
        clock.runDue();
        return p;
    }

    ProcessInfo start(String comm, String... argv) {
        ProcessInfo p = new ProcessInfo(nextPid++, comm, List.of(argv));
        running.add(p);
        return p;
    }

    void end(ProcessInfo p) {
        running.remove(p);
    }

    /** One poll interval: the poller reads the table and the loop applies the counts. */
    void tick() {
        clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void weightZeroMeansFaultWhileTheProcessIsGoneAndRecoveryWhenItIsBack() {
        ProcessInfo nginx = start("nginx");
        track("process nginx");
        assertThat(health.faulted()).isFalse();

        end(nginx);
        tick();
        assertThat(health.faulted()).isTrue();
        assertThat(health.faultReasons()).contains("p down: 0 processes \"nginx\" running (quorum 1..unlimited)");

        start("nginx");
        tick();
        assertThat(health.faulted()).isFalse();
    }

    @Test
    void theFirstCountDecidesAtOnceWhateverTheDelay() {
        track("process nginx\n delay 5");

        assertThat(health.faulted()).isTrue();
    }

    @Test
    void upOnlyWithinQuorumAndQuorumMax() {
        TrackedProcess p = track("process worker\n quorum 2\n quorum_max 3");
        assertThat(p.up()).contains(false);

        start("worker");
        start("worker");
        tick();
        assertThat(p.up()).contains(true);
        assertThat(p.count()).isEqualTo(2);

        start("worker");
        tick();
        assertThat(p.up()).contains(true);

        start("worker");
        tick();
        assertThat(p.up()).contains(false);
        assertThat(health.faulted()).isTrue();
    }

    @Test
    void aLostQuorumCountsOnlyOnceItHasLastedTheTerminateDelay() {
        ProcessInfo web = start("nginx");
        TrackedProcess p = track("process nginx\n terminate_delay 3");

        end(web);
        tick();
        clock.advance(Duration.ofMillis(2900)); // 2.9 s after the count that saw it gone
        assertThat(p.up()).contains(true);
        assertThat(health.faulted()).isFalse();

        clock.advance(Duration.ofMillis(100));
        assertThat(p.up()).contains(false);
        assertThat(health.faulted()).isTrue();
    }

    @Test
    void aProcessBackWithinTheDelayChangesNothing() {
        ProcessInfo web = start("nginx");
        TrackedProcess p = track("process nginx\n delay 3");

        end(web);
        tick();
        start("nginx"); // a restart
        tick();
        clock.advance(Duration.ofSeconds(10));

        assertThat(p.up()).contains(true);
        assertThat(health.faulted()).isFalse();
    }

    @Test
    void aGainedQuorumCountsOnlyOnceItHasLastedTheForkDelay() {
        TrackedProcess p = track("process nginx\n fork_delay 2");
        assertThat(p.up()).contains(false);

        start("nginx");
        tick();
        assertThat(p.up()).contains(false);
        clock.advance(Duration.ofSeconds(2));
        assertThat(p.up()).contains(true);
    }

    @Test
    void aPositiveWeightAddsWhileUp() {
        ProcessInfo web = start("nginx");
        track("process nginx\n weight 20");
        assertThat(health.computedPriority()).isEqualTo(120);

        end(web);
        tick();
        assertThat(health.computedPriority()).isEqualTo(100);
        assertThat(health.faulted()).isFalse();
    }

    @Test
    void aNegativeWeightTakesAwayWhileDown() {
        ProcessInfo web = start("nginx");
        track("process nginx\n weight -30");
        assertThat(health.computedPriority()).isEqualTo(100);

        end(web);
        tick();
        assertThat(health.computedPriority()).isEqualTo(70);
    }

    @Test
    void weightZeroReverseMeansFaultWhileTheProcessRuns() {
        track("process rogue\n weight 0 reverse");
        assertThat(health.faulted()).isFalse();

        start("rogue");
        tick();
        assertThat(health.faulted()).isTrue();
    }

    @Test
    void theTrackerShowsAsAProcess() {
        start("nginx");
        track("process nginx\n weight 5");

        assertThat(health.trackers()).singleElement().satisfies(t -> {
            assertThat(t.key()).isEqualTo(TrackerKey.process("p"));
            assertThat(t.key().kind().word()).isEqualTo("process");
            assertThat(t.contribution()).isEqualTo(5);
        });
    }

    @Test
    void pollingStopsWithTheLastTracker() {
        track("process nginx");
        poller.remove("p");
        int before = snapshots;

        clock.advance(Duration.ofSeconds(5));

        assertThat(snapshots).isEqualTo(before);
    }

    @Test
    void anUnreadableTableChangesNothing() {
        start("nginx");
        TrackedProcesses broken = new TrackedProcesses(
                clock,
                Runnable::run,
                Runnable::run,
                commandLines -> {
                    throw new java.io.UncheckedIOException(new java.io.IOException("/proc is gone"));
                },
                Duration.ofSeconds(1));
        TrackedProcess p = new TrackedProcess(config("process nginx"), clock);
        broken.add(p);
        clock.advance(Duration.ofSeconds(3));

        assertThat(p.up()).isEmpty();
    }
}
