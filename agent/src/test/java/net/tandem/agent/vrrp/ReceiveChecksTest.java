package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import org.junit.jupiter.api.Test;

/**
 * The receive checks of RFC 3768 §7.1 / RFC 5798 §7.1 that are about the virtual router: each
 * mismatched advert is counted under its own reason and changes nothing, so a misconfigured
 * peer cannot keep our backup from taking over.
 */
class ReceiveChecksTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node = lan.addNode("node2", "192.0.2.2")
            .add(instance("VI_1").vrid(51).priority(99).pass("password").vip("192.0.2.8"));

    VrrpInstance vi1() {
        return node.instance("VI_1");
    }

    /** Sends a bad advert every second for 5 s: if it counted as a master, we would never take over. */
    void flood(net.tandem.agent.vrrp.packet.Advert bad) {
        node.start();
        for (int i = 0; i < 5; i++) {
            lan.inject("192.0.2.1", bad);
            lan.runSeconds(1);
        }
    }

    @Test
    void aWrongPasswordIsAnAuthFailure() {
        flood(Adverts.v2(51, 100, 1, AuthType.PASS, "secret", "192.0.2.8"));
        assertThat(vi1().counters().discarded(DiscardReason.AUTH_FAILURE)).isEqualTo(5);
        assertThat(vi1().state()).isEqualTo(State.MASTER);
    }

    @Test
    void noAuthAgainstPassIsAnAuthTypeMismatch() {
        flood(Adverts.v2(51, 100, "192.0.2.8"));
        assertThat(vi1().counters().discarded(DiscardReason.AUTH_TYPE_MISMATCH)).isEqualTo(5);
        assertThat(vi1().state()).isEqualTo(State.MASTER);
    }

    @Test
    void aDifferentV2IntervalIsDiscarded() {
        flood(Adverts.v2(51, 100, 2, AuthType.PASS, "password", "192.0.2.8"));
        assertThat(vi1().counters().discarded(DiscardReason.ADVERT_INTERVAL)).isEqualTo(5);
        assertThat(vi1().state()).isEqualTo(State.MASTER);
    }

    @Test
    void aDifferentAddressListIsDiscarded() {
        flood(Adverts.v2(51, 100, 1, AuthType.PASS, "password", "192.0.2.77"));
        assertThat(vi1().counters().discarded(DiscardReason.ADDRESS_LIST)).isEqualTo(5);
        assertThat(vi1().state()).isEqualTo(State.MASTER);
    }

    /** Priority 255 is a number anyone can write: keepalived drops the advert too (issue 12). */
    @Test
    void anOwnerPriorityWithADifferentAddressListIsDiscardedToo() {
        flood(Adverts.v2(51, 255, 1, AuthType.PASS, "password", "192.0.2.77"));
        assertThat(vi1().counters().discarded(DiscardReason.ADDRESS_LIST)).isEqualTo(5);
        assertThat(vi1().state()).isEqualTo(State.MASTER);
    }

    @Test
    void aV3AdvertWithAZeroIntervalIsDiscarded() {
        SimulatedLan v3 = new SimulatedLan();
        SimulatedLan.Node n = v3.addNode("node2", "192.0.2.2")
                .add(instance("VI_1").v3(1000).priority(99))
                .start();
        for (int i = 0; i < 5; i++) {
            // the codec decodes such a packet (it is well-formed); the encoder refuses to make one
            n.instance("VI_1")
                    .receive(new ReceivedAdvert(
                            SimulatedLan.ip("192.0.2.1"),
                            SimulatedLan.VRRP_GROUP,
                            255,
                            Adverts.v3(51, 100, 0, "192.0.2.8")));
            v3.runSeconds(1);
        }
        assertThat(n.instance("VI_1").counters().discarded(DiscardReason.ADVERT_INTERVAL))
                .isEqualTo(5);
        assertThat(n.instance("VI_1").state()).isEqualTo(State.MASTER);
    }

    @Test
    void aV3AdvertForAV2InstanceIsAVersionMismatch() {
        flood(Adverts.v3(51, 100, 100, "192.0.2.8"));
        assertThat(vi1().counters().discarded(DiscardReason.VERSION)).isEqualTo(5);
    }

    @Test
    void anAdvertForAnotherVridIsCountedOnTheInterface() {
        flood(Adverts.v2(77, 100, 1, AuthType.PASS, "password", "192.0.2.8"));
        assertThat(node.dispatcher().discarded(SimulatedLan.INTERFACE, DiscardReason.VRID_UNKNOWN))
                .isEqualTo(5);
        assertThat(vi1().counters().advertsReceived()).isZero();
    }

    @Test
    void anAddressOwnerDiscardsAdvertsAndIsMasterFromTheStart() {
        SimulatedLan owner = new SimulatedLan();
        SimulatedLan.Node n = owner.addNode("owner", "192.0.2.8")
                .add(instance("VI_1").priority(255).vip("192.0.2.8"))
                .start();
        assertThat(n.instance("VI_1").state()).isEqualTo(State.MASTER);
        owner.inject("192.0.2.1", Adverts.v2(51, 254, "192.0.2.8"));
        owner.runSeconds(1);
        assertThat(n.instance("VI_1").counters().discarded(DiscardReason.OWNER)).isEqualTo(1);
        assertThat(n.instance("VI_1").state()).isEqualTo(State.MASTER);
    }

    @Test
    void inUnicastModeOnlyListedPeersAreHeard() {
        SimulatedLan uni = new SimulatedLan();
        SimulatedLan.Node n = uni.addNode("node2", "192.0.2.2")
                .add(instance("VI_1").priority(99).unicastPeer("192.0.2.1"))
                .start();
        uni.inject("192.0.2.3", Adverts.v2(51, 100, "192.0.2.8"));
        uni.runSeconds(0.5);
        assertThat(n.instance("VI_1").counters().discarded(DiscardReason.UNKNOWN_PEER))
                .isEqualTo(1);
        uni.inject("192.0.2.1", Adverts.v2(51, 100, "192.0.2.8"));
        uni.runSeconds(0.5);
        assertThat(n.instance("VI_1").masterAddress()).isEqualTo(SimulatedLan.ip("192.0.2.1"));
    }

    // -- TTL: 255 for multicast (RFC 5798 §7.1); for unicast, keepalived's per-peer min_ttl..max_ttl --

    /** Delivers {@code count} v2 adverts from 192.0.2.1 with this TTL, one a second, as the raw socket reports them. */
    static void receiveWithTtl(SimulatedLan lan, VrrpInstance vi, int ttl, int count) {
        for (int i = 0; i < count; i++) {
            vi.receive(new ReceivedAdvert(
                    SimulatedLan.ip("192.0.2.1"), SimulatedLan.ip("192.0.2.2"), ttl, Adverts.v2(51, 100, "192.0.2.8")));
            lan.runSeconds(1);
        }
    }

    @Test
    void aMulticastAdvertThatCrossedARouterIsDiscardedAsIpTtl() {
        SimulatedLan multi = new SimulatedLan();
        VrrpInstance vi = multi.addNode("node2", "192.0.2.2")
                .add(instance("VI_1").priority(99))
                .start()
                .instance("VI_1");
        receiveWithTtl(multi, vi, 254, 5);
        assertThat(vi.counters().discarded(DiscardReason.IP_TTL)).isEqualTo(5);
        assertThat(vi.state()).isEqualTo(State.MASTER);
    }

    @Test
    void aRoutedUnicastPeerIsHeardWithAnyTtlByDefault() {
        SimulatedLan uni = new SimulatedLan();
        VrrpInstance vi = uni.addNode("node2", "192.0.2.2")
                .add(instance("VI_1").priority(99).unicastPeer("192.0.2.1"))
                .start()
                .instance("VI_1");
        receiveWithTtl(uni, vi, 64, 5);
        assertThat(vi.counters().discarded(DiscardReason.IP_TTL)).isZero();
        assertThat(vi.state()).isEqualTo(State.BACKUP);
        assertThat(vi.masterAddress()).isEqualTo(SimulatedLan.ip("192.0.2.1"));
    }

    @Test
    void aUnicastAdvertWithinThePeersTtlRangeIsHeard() {
        SimulatedLan uni = new SimulatedLan();
        VrrpInstance vi = uni.addNode("node2", "192.0.2.2")
                .add(instance("VI_1").priority(99).unicastPeer("192.0.2.1", 64, 64))
                .start()
                .instance("VI_1");
        receiveWithTtl(uni, vi, 64, 5);
        assertThat(vi.counters().discarded(DiscardReason.IP_TTL)).isZero();
        assertThat(vi.state()).isEqualTo(State.BACKUP);
    }

    @Test
    void aUnicastAdvertOutsideThePeersTtlRangeIsDiscardedAsIpTtl() {
        SimulatedLan uni = new SimulatedLan();
        VrrpInstance vi = uni.addNode("node2", "192.0.2.2")
                .add(instance("VI_1").priority(99).unicastPeer("192.0.2.1", 65, 255))
                .start()
                .instance("VI_1");
        receiveWithTtl(uni, vi, 64, 5);
        assertThat(vi.counters().discarded(DiscardReason.IP_TTL)).isEqualTo(5);
        assertThat(vi.state()).isEqualTo(State.MASTER);
    }
}
