package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.time.VirtualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reload keeps an unchanged track_process counting as it was, and withdraws one no longer tracked. */
class TrackingProcessReloadTest {
    final VirtualScheduler clock = new VirtualScheduler();
    final List<ProcessInfo> running = new ArrayList<>();
    final TrackedProcesses processes =
            new TrackedProcesses(clock, Runnable::run, Runnable::run, c -> List.copyOf(running), Duration.ofSeconds(1));
    final TrackedFiles files = new TrackedFiles();
    final Tracking tracking =
            new Tracking(clock, Runnable::run, (name, argv, timeout, done) -> {}, new Notifier(), files, processes);
    final Map<String, InstanceHealth> health = Map.of("VI_1", new InstanceHealth(FakeInstance.of("VI_1", 100)));

    static final String CONF = """
            track_process web {
                process nginx
                delay 5
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                %s
            }
            """;

    void apply(String instanceLines) {
        ConfigResult r = ConfigLoader.parse("t.conf", CONF.formatted(instanceLines), Path.of("."));
        assertThat(r.errors()).isEmpty();
        tracking.apply(new Tracking.Prepared(r.config(), Map.of(), RunAs.self(), Map.of()), health);
        clock.runDue();
    }

    @AfterEach
    void close() {
        tracking.close();
    }

    @Test
    void anUnchangedTrackProcessKeepsItsStateAndItsPendingDelay() {
        running.add(new ProcessInfo(10, "nginx", List.of()));
        apply("track_process { web }");
        TrackedProcess before = processes.trackers().get("web");
        running.clear();
        clock.advance(Duration.ofSeconds(1)); // seen gone: down in 5 s unless it comes back

        apply("track_process { web }\n ! edited");
        clock.advance(Duration.ofSeconds(5));

        assertThat(processes.trackers().get("web")).isSameAs(before);
        assertThat(health.get("VI_1").faulted()).isTrue();
    }

    @Test
    void aTrackProcessNoLongerTrackedStopsFaulting() {
        apply("track_process { web }");
        assertThat(health.get("VI_1").faulted()).isTrue();

        apply("");

        assertThat(health.get("VI_1").faulted()).isFalse();
        assertThat(health.get("VI_1").trackers()).isEmpty();
        assertThat(processes.trackers()).isEmpty();
    }
}
