package net.tandem.agent.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import net.tandem.agent.config.SourcePos;
import net.tandem.agent.config.VrrpScriptConfig;
import net.tandem.agent.track.InstanceHealth;
import net.tandem.agent.track.RunAs;
import net.tandem.agent.track.ScriptChecker;
import net.tandem.agent.track.ScriptRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A vrrp_script on the master starts failing (exit 1): the VIP moves to the peer within
 * fall × interval + Master_Down_Interval, and comes back within rise × interval +
 * Master_Down_Interval once the check succeeds again. Virtual time: the "script" answers after
 * 20 ms of virtual time with whatever exit code the test has set.
 */
class TrackedCheckFailoverTest {
    static final long SECOND = InstanceSettings.SECOND;

    final SimulatedLan lan = new SimulatedLan();
    int exitCode = 0;
    int runs = 0;

    /** A runner in virtual time: the check takes 20 ms and exits with {@link #exitCode}. */
    final ScriptRunner fakeScript = new ScriptRunner() {
        @Override
        public void run(String name, List<String> argv, Duration timeout, Consumer<Outcome> done) {
            runs++;
            int code = exitCode;
            lan.clock
                    .newTimer("script", () -> done.accept(Outcome.exited(code)))
                    .startIn(20_000_000L);
        }
    };

    ScriptChecker checker;

    @BeforeEach
    void twoNodesAndACheckOnTheMaster() {
        lan.addNode("node1", "192.0.2.1")
                .add(InstanceSettingsBuilder.instance("VI_1").priority(150))
                .start();
        lan.addNode("node2", "192.0.2.2")
                .add(InstanceSettingsBuilder.instance("VI_1").priority(100))
                .start();
        InstanceHealth health = new InstanceHealth(lan.node("node1").instance("VI_1"));
        VrrpScriptConfig chk = new VrrpScriptConfig(
                "chk_nginx",
                new SourcePos("t.conf", 1, 1),
                "/usr/bin/check",
                Duration.ofSeconds(1),
                Optional.empty(),
                -60,
                false,
                2,
                3,
                Optional.empty(),
                false);
        checker = new ScriptChecker(chk, RunAs.self(), lan.clock, Runnable::run, fakeScript);
        checker.track(new net.tandem.agent.track.Target(health, -60, false));
        checker.start();
        lan.runSeconds(5);
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
    }

    @Test
    void aFailingCheckMovesTheVipWithinFallTimesIntervalPlusMasterDownInterval() {
        long failedAt = lan.now();
        exitCode = 1;
        // node2 (priority 100) waits its own Master_Down_Interval after the last advert it accepted.
        long bound = 3 * SECOND /* fall × interval */ + VrrpTimers.masterDownInterval(100, SECOND) + 1_000_000;
        lan.clock.advanceTo(failedAt + bound);

        assertThat(lan.holders("192.0.2.8")).containsExactly("node2");
        assertThat(lan.node("node1").instance("VI_1").priority()).isEqualTo(90);
        Transition takeover = lan.transitionsOf("node2", "VI_1").getLast();
        assertThat(takeover.to()).isEqualTo(State.MASTER);
        assertThat(takeover.atNanos() - failedAt).isLessThanOrEqualTo(bound);
        // and not before the fall-th failure: two failures are not enough
        assertThat(takeover.atNanos() - failedAt).isGreaterThan(2 * SECOND);
    }

    @Test
    void theVipComesBackWithinRiseTimesIntervalPlusMasterDownIntervalWhenTheCheckSucceedsAgain() {
        exitCode = 1;
        lan.runSeconds(10);
        assertThat(lan.holders("192.0.2.8")).containsExactly("node2");

        long fixedAt = lan.now();
        exitCode = 0;
        long bound = 2 * SECOND /* rise × interval */ + VrrpTimers.masterDownInterval(150, SECOND) + 1_000_000;
        lan.clock.advanceTo(fixedAt + bound);

        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(lan.node("node1").instance("VI_1").priority()).isEqualTo(150);
        Transition back = lan.transitionsOf("node1", "VI_1").getLast();
        assertThat(back.to()).isEqualTo(State.MASTER);
        assertThat(back.atNanos() - fixedAt).isGreaterThan(1 * SECOND); // one success is not enough (rise 2)
    }

    @Test
    void aScriptStillRunningAtTheNextIntervalIsNotStartedTwice() {
        int before = runs;
        lan.runSeconds(10);
        assertThat(runs - before).isEqualTo(10);
    }
}
