package net.tandem.agent.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.track.InstanceHealth;
import net.tandem.agent.track.Notifier;
import net.tandem.agent.track.RunAs;
import net.tandem.agent.track.ScriptChecker;
import net.tandem.agent.track.ScriptRunner;
import net.tandem.agent.track.TrackedFiles;
import net.tandem.agent.track.Tracking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * keepalived's users asked for years for a reload that never flips masters: here, in virtual
 * time, the Master's instance through a reload with the same file and one with a new priority.
 * (The agent's reload does exactly this on the loop: unchanged instances are not touched, a
 * priority goes to InstanceHealth, checks are re-applied through Tracking.)
 */
class ReloadInPlaceTest {
    static final String CONF = """
            vrrp_script chk {
                script "/usr/bin/check"
                weight -60
                fall 2
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority %d
                virtual_ipaddress {
                    192.0.2.8/24
                }
                track_script {
                    chk
                }
            }
            """;

    final SimulatedLan lan = new SimulatedLan();
    final ScriptRunner alwaysOk = new ScriptRunner() {
        @Override
        public void run(String name, List<String> argv, Duration timeout, Consumer<Outcome> done) {
            lan.clock.newTimer("script", () -> done.accept(Outcome.exited(0))).startIn(10_000_000L);
        }
    };
    final TrackedFiles files = new TrackedFiles();
    Tracking tracking;
    Map<String, InstanceHealth> health;

    static KeepalivedConfig config(int priority, String prefix) {
        var r = ConfigLoader.parse("t.conf", prefix + CONF.formatted(priority), Path.of("."));
        assertThat(r.errors()).isEmpty();
        return r.config();
    }

    @BeforeEach
    void masterWithACheck() {
        lan.addNode("node1", "192.0.2.1")
                .add(InstanceSettingsBuilder.instance("VI_1").priority(150))
                .start();
        lan.addNode("node2", "192.0.2.2")
                .add(InstanceSettingsBuilder.instance("VI_1").priority(100))
                .start();
        health = Map.of("VI_1", new InstanceHealth(lan.node("node1").instance("VI_1")));
        tracking = new Tracking(lan.clock, Runnable::run, alwaysOk, new Notifier(), files);
        tracking.apply(
                new Tracking.Prepared(config(150, ""), Map.of("chk", RunAs.self()), RunAs.self(), Map.of()), health);
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
    }

    @AfterEach
    void closeFiles() {
        files.close();
    }

    @Test
    void reloadingTheSameFileKeepsTheCheckAndCausesNoTransitionAndNoMissedAdvert() {
        ScriptChecker before = tracking.checkers().get("chk");
        int transitions = lan.transitions.size();
        long reloadAt = lan.now();

        tracking.apply(
                new Tracking.Prepared(
                        config(150, "! edited, same settings\n"), Map.of("chk", RunAs.self()), RunAs.self(), Map.of()),
                health);
        lan.runSeconds(10);

        assertThat(tracking.checkers().get("chk")).isSameAs(before);
        assertThat(lan.transitions).hasSize(transitions);
        assertThat(largestAdvertGapAfter(reloadAt, "node1")).isLessThanOrEqualTo(InstanceSettings.SECOND);
    }

    @Test
    void aNewPriorityIsAdvertisedAtOnceWithoutATransition() {
        int transitions = lan.transitions.size();
        long reloadAt = lan.now();

        health.get("VI_1").setBase(200, "configured priority 200 (reload)");
        lan.runSeconds(10);

        assertThat(lan.transitions).hasSize(transitions);
        assertThat(lan.node("node1").instance("VI_1").priority()).isEqualTo(200);
        var first = lan.sent.stream()
                .filter(s -> s.at() >= reloadAt && s.node().equals("node1"))
                .findFirst()
                .orElseThrow();
        assertThat(first.at()).isEqualTo(reloadAt);
        assertThat(first.advert().priority()).isEqualTo(200);
        assertThat(largestAdvertGapAfter(reloadAt, "node1")).isLessThanOrEqualTo(InstanceSettings.SECOND);
    }

    private long largestAdvertGapAfter(long from, String node) {
        List<Long> times = lan.sent.stream()
                .filter(s -> s.node().equals(node))
                .map(SimulatedLan.Sent::at)
                .filter(t -> t >= from - 2 * InstanceSettings.SECOND)
                .toList();
        long gap = 0;
        for (int i = 1; i < times.size(); i++) {
            gap = Math.max(gap, times.get(i) - times.get(i - 1));
        }
        return gap;
    }
}
