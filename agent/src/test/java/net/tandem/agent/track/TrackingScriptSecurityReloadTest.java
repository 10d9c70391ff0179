package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.time.VirtualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reload of an unchanged configuration re-examines scripts: a check that became unsafe (its
 * file's mode changed) restarts refused, and is counted as failed without being run again.
 */
class TrackingScriptSecurityReloadTest {
    final VirtualScheduler clock = new VirtualScheduler();
    final List<List<String>> runs = new ArrayList<>();
    final Tracking tracking = new Tracking(
            clock,
            Runnable::run,
            (name, argv, timeout, done) -> {
                runs.add(argv);
                done.accept(ScriptRunner.Outcome.exited(0));
            },
            new Notifier(),
            new TrackedFiles(),
            new TrackedProcesses(clock, Runnable::run, Runnable::run, c -> List.of(), Duration.ofSeconds(1)));
    final Map<String, InstanceHealth> health = Map.of("VI_1", new InstanceHealth(FakeInstance.of("VI_1", 100)));

    static KeepalivedConfig config() {
        ConfigResult r = ConfigLoader.parse("t.conf", """
                vrrp_script chk {
                    script /usr/local/bin/chk
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    track_script { chk }
                }
                """, Path.of("."));
        assertThat(r.errors()).isEmpty();
        return r.config();
    }

    void apply(RunAs as) {
        tracking.apply(new Tracking.Prepared(config(), Map.of("chk", as), RunAs.self(), Map.of()), health);
        clock.runDue();
    }

    @AfterEach
    void close() {
        tracking.close();
    }

    @Test
    void aCheckThatBecameUnsafeRestartsRefusedAndFails() {
        apply(RunAs.self());
        assertThat(runs).hasSize(1);
        assertThat(health.get("VI_1").faulted()).isFalse();

        apply(RunAs.self().refused("not run as root: /usr/local/bin/chk is writable by everyone"));
        clock.advance(Duration.ofSeconds(5));

        assertThat(runs).hasSize(1);
        assertThat(health.get("VI_1").faulted()).isTrue();
    }
}
