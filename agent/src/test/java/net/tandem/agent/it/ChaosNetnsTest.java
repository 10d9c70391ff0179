package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.tandem.agent.chaos.ChaosLab;
import net.tandem.agent.chaos.Impl;
import net.tandem.agent.chaos.Scenario;
import net.tandem.agent.chaos.Tally;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.Lab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A representative subset of bin/chaos (docs/reliability.md) against Tandem, in its short form:
 * loss, a one-way and a full partition, a stopped master, a flood. The assertions are on counts and states, not
 * on timings: no agent dies, no address is left after the agents stop, one node holds the VIP at the
 * end, and how many times the VIP moved. The full table, timings and keepalived beside Tandem come
 * from {@code bin/chaos --against keepalived}.
 */
class ChaosNetnsTest {
    @RegisterExtension
    static final Lab lab = new Lab(3);

    static ChaosLab chaos;

    @BeforeAll
    static void lab() {
        DebianPackages.require("nft", "nftables");
        chaos = new ChaosLab(lab.network(), List.of(lab.node(1), lab.node(2), lab.node(3)), lab.dir(), true);
    }

    @AfterAll
    static void close() {
        if (chaos != null) {
            chaos.close();
        }
    }

    static Tally run(Scenario s) {
        Tally t = chaos.run(s, Impl.TANDEM);
        System.out.println("chaos " + s.label() + ": " + t);
        assertThat(t.note()).as("settled before the fault").doesNotStartWith("did not settle");
        assertThat(t.died()).as("agents that died").isEmpty();
        assertThat(t.leftBehind())
                .as("addresses left after both agents stopped")
                .isEmpty();
        assertThat(t.oneAtEnd()).as("exactly one holder at the end").isTrue();
        return t;
    }

    @Test
    void twentyPercentLossMovesTheVipRarelyAndNeverLeavesItUnheld() {
        Tally t = run(Scenario.LOSS_20);
        // A takeover needs ~4 adverts lost in a row (0.2^4): rare, and each costs two moves (over and back).
        assertThat(t.transitions()).as("VIP gained or lost").isLessThanOrEqualTo(4);
        assertThat(t.longestNoneMs())
                .as("the master never gave the VIP up for long")
                .isLessThan(1000);
    }

    @Test
    void aMasterThatCannotSendIsReplacedAndTheBackupYieldsWhenItHeals() {
        Tally t = run(Scenario.PARTITION_TX);
        // The backup hears nothing and takes over (two holders: unavoidable, the master hears it but
        // cannot answer); after the heal the master's adverts send the backup back: one round trip.
        assertThat(t.twoMs()).as("the backup took over during the partition").isPositive();
        assertThat(t.noneMs()).as("the master kept the VIP throughout").isZero();
        assertThat(t.transitions())
                .as("the backup gained and gave back the VIP")
                .isEqualTo(2);
    }

    @Test
    void afterAFullPartitionHealsTheClientFollowsTheMasterThatStays() {
        Tally t = run(Scenario.PARTITION_FULL);
        assertThat(t.twoMs()).as("the backup took over during the partition").isPositive();
        assertThat(t.noneMs()).isZero();
        assertThat(t.transitions())
                .as("the backup gained and gave back the VIP")
                .isEqualTo(2);
        // Whichever master speaks first after the heal, the one that stays hears a lower priority and
        // sends gratuitous ARPs, so the client leaves node2's MAC within a round trip. Before, when
        // node1 spoke first, node2 stepped down in silence and the client lost every ping to the end
        // of the watch (60 here). A second's worth is room for a loaded machine, not a timing.
        assertThat(t.pingsLostAfterHeal())
                .as("pings lost after the heal (%s)", t.note())
                .isBetween(0, 10);
    }

    @Test
    void aStoppedMasterIsReplacedAndSettlesAfterSigcont() {
        Tally t = run(Scenario.STOP_MASTER);
        assertThat(t.twoMs())
                .as("the stopped master keeps its address while the backup takes over")
                .isPositive();
        assertThat(t.transitions())
                .as("the backup gained and gave back the VIP")
                .isEqualTo(2);
        assertThat(t.noneMs()).isZero();
    }

    @Test
    void aFloodOfJunkAndLowerPriorityAdvertsChangesNothing() {
        Tally t = run(Scenario.FLOOD);
        assertThat(t.transitions()).as("VIP gained or lost during the flood").isZero();
        assertThat(t.twoMs()).isZero();
        assertThat(t.noneMs()).isZero();
        assertThat(t.note()).as("the flood ran").contains("flood:");
    }
}
