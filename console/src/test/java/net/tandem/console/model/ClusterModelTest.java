package net.tandem.console.model;

import static net.tandem.console.fake.Instances.SECOND;
import static net.tandem.console.fake.Instances.backup;
import static net.tandem.console.fake.Instances.master;
import static net.tandem.console.fake.Instances.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.tandem.console.fake.ManualClock;
import org.junit.jupiter.api.Test;

class ClusterModelTest {
    private final ManualClock clock = new ManualClock();
    private final ClusterModel model = new ClusterModel(List.of("node1", "node2", "node3"), clock);

    private List<String> keys() {
        return model.rows().stream().map(Row::key).toList();
    }

    @Test
    void rowsAreGroupedByInstanceInNaturalOrderThenByNodeOrder() {
        model.snapshot("node2", node("node2", backup("VI_10", 50), backup("VI_2", 50)));
        model.snapshot("node1", node("node1", master("VI_2", 100), master("VI_10", 100)));

        assertThat(keys()).containsExactly("VI_2@node1", "VI_2@node2", "VI_10@node1", "VI_10@node2", "null@node3");
    }

    @Test
    void aReconnectSnapshotReplacesWhatWasKnown() {
        model.snapshot("node1", node("node1", master("VI_1", 100), master("VI_2", 100)));
        model.unreachable("node1", "connection refused", SECOND);
        assertThat(model.rows().getFirst().link()).isEqualTo(Link.UNREACHABLE);

        model.connecting("node1");
        model.snapshot("node1", node("node1", backup("VI_1", 100)));

        assertThat(keys()).containsExactly("VI_1@node1", "null@node2", "null@node3");
        assertThat(model.rows().getFirst().state()).isEqualTo(VrrpState.BACKUP);
        assertThat(model.rows().getFirst().link()).isEqualTo(Link.CONNECTED);
    }

    @Test
    void anUnreachableNodeKeepsItsRowsWithTheReasonAndCountdownToTheRetry() {
        model.snapshot("node1", node("node1", master("VI_1", 100)));
        model.unreachable("node1", "connection refused", 2 * SECOND);
        clock.advance(Duration.ofMillis(1500));

        Row row = model.rows().getFirst();
        assertThat(row.instance()).isEqualTo("VI_1");
        assertThat(row.linkReason()).isEqualTo("connection refused (retry in 0.5 s)");
    }

    @Test
    void repeatedFailuresWithTheSameReasonAreLoggedOnce() {
        model.unreachable("node1", "connection refused", SECOND);
        model.connecting("node1");
        model.unreachable("node1", "connection refused", 2 * SECOND);
        model.unreachable("node1", "no route to host", 4 * SECOND);

        assertThat(model.events())
                .extracting(EventLine::text)
                .containsExactly("unreachable: no route to host", "unreachable: connection refused");
    }

    @Test
    void aTransitionToBackupStartsTheMasterDownCountdown() {
        model.snapshot("node1", node("node1", master("VI_1", 100)));
        model.event(
                "node1",
                new NodeEvent.Transition(Instant.EPOCH, "VI_1", VrrpState.MASTER, VrrpState.BACKUP, "higher priority"));
        clock.advance(Duration.ofMillis(600));

        Row row = model.rows().getFirst();
        assertThat(row.masterDownRemainingNanos()).isEqualTo(3_609_375_000L - 600_000_000L);
        assertThat(row.transitions()).isEqualTo(4);
    }

    @Test
    void thePriorityChangeUpdatesTheEffectivePriority() {
        model.snapshot("node1", node("node1", backup("VI_1", 100)));
        model.event(
                "node1",
                new NodeEvent.PriorityChange(
                        clock.now(), "VI_1", 100, 80, "chk_web failed (-20)", java.util.OptionalInt.empty()));

        assertThat(model.rows().getFirst().effectivePriority()).isEqualTo(80);
        assertThat(model.events().getFirst().text()).isEqualTo("VI_1 priority 100 -> 80 (chk_web failed (-20))");
    }

    @Test
    void anOverrideCarriedByAPriorityChangeShowsWithoutWaitingForASnapshot() {
        model.snapshot("node2", node("node2", backup("VI_1", 99)));
        model.event(
                "node2",
                new NodeEvent.PriorityChange(
                        Instant.EPOCH, "VI_1", 99, 101, "takeover by operator", java.util.OptionalInt.of(101)));

        assertThat(model.rows().getFirst().override()).hasValue(101);
    }

    @Test
    void eventsFromTwoNodesAreShownNewestFirstByTheirTimestamps() {
        model.event("node2", new NodeEvent.CommandDone(Instant.ofEpochMilli(2), "takeover VI_1", "ok"));
        model.event(
                "node1", new NodeEvent.CommandDone(Instant.ofEpochMilli(1), "late", "arrived last, happened first"));
        model.event("node2", new NodeEvent.CommandDone(Instant.ofEpochMilli(3), "release VI_1", "ok"));

        assertThat(model.events())
                .extracting(EventLine::at)
                .containsExactly(Instant.ofEpochMilli(3), Instant.ofEpochMilli(2), Instant.ofEpochMilli(1));
    }

    @Test
    void theEventPaneKeepsTheNewestFiveHundredLines() {
        for (int i = 0; i < 600; i++) {
            model.event("node1", new NodeEvent.CommandDone(Instant.EPOCH, "reload", "applied " + i));
        }

        assertThat(model.events()).hasSize(ClusterModel.EVENTS_KEPT);
        assertThat(model.events().getFirst().text()).isEqualTo("reload: applied 599");
    }

    @Test
    void warningsIgnoreUnreachableNodesAndWaitOneSecond() {
        model.snapshot("node1", node("node1", master("VI_1", 100)));
        model.snapshot("node2", node("node2", master("VI_1", 50)));
        assertThat(model.warnings()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(model.warnings()).containsExactly("SPLIT BRAIN: VI_1 is MASTER on node1 and node2");

        model.unreachable("node2", "stream closed", SECOND);
        assertThat(model.warnings()).isEmpty();
    }

    @Test
    void aSplitBrainThatOnlyTheAgentSeesIsAWarningEvenWithOneNodeReachable() {
        ClusterModel one = new ClusterModel(List.of("node1"), clock);
        InstanceSnapshot vi1 = master("VI_1", 100);
        one.snapshot("node1", node("node1", vi1.withSplitBrain("192.0.2.9 (priority 50), this node")));
        clock.advance(Duration.ofSeconds(1));

        assertThat(one.warnings())
                .containsExactly("SPLIT BRAIN: VI_1 has two masters: node1 hears 192.0.2.9 (priority 50), this node");
    }

    @Test
    void theSplitBrainEventSetsAndClearsTheWarningAndIsLogged() {
        ClusterModel one = new ClusterModel(List.of("node1"), clock);
        one.snapshot("node1", node("node1", master("VI_1", 100)));
        one.event(
                "node1",
                new NodeEvent.SplitBrain(Instant.ofEpochMilli(1), "VI_1", true, "192.0.2.9 (priority 50), this node"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(one.warnings()).singleElement().asString().startsWith("SPLIT BRAIN: VI_1 has two masters");
        assertThat(splitBrainLines(one))
                .containsExactly("VI_1 SPLIT BRAIN: masters 192.0.2.9 (priority 50), this node");

        one.event("node1", new NodeEvent.SplitBrain(Instant.ofEpochMilli(2), "VI_1", false, "this node"));

        assertThat(one.warnings()).isEmpty();
        assertThat(splitBrainLines(one)).first().isEqualTo("VI_1 split brain over: masters this node");
    }

    private static List<String> splitBrainLines(ClusterModel m) {
        return m.events().stream()
                .filter(e -> e.kind() == EventLine.Kind.SPLIT_BRAIN)
                .map(EventLine::text)
                .toList();
    }
}
