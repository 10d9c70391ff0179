package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import net.tandem.agent.vrrp.packet.DiscardReason;
import org.junit.jupiter.api.Test;

/**
 * VRRPv3 over IPv6 on the simulated LAN: the protocol is the family's business only where RFC 5798 says so (the
 * source is the link-local address, compared as a 128-bit number on a tie), and an IPv4 and an IPv6 virtual router
 * with the same VRID on one interface are two routers (§7.3) that never see each other's adverts.
 */
class Ipv6InstanceTest {
    final SimulatedLan lan = new SimulatedLan();

    @Test
    void theHigherPriorityIpv6NodeBecomesMasterAndAdvertisesFromItsLinkLocalAddress() {
        var node1 = lan.addNode("node1", "192.0.2.1").linkLocal("fe80::1");
        var node2 = lan.addNode("node2", "192.0.2.2").linkLocal("fe80::2");
        node1.add(instance("V6").v3(1000).priority(100).vip("2001:db8::8"));
        node2.add(instance("V6").v3(1000).priority(99).vip("2001:db8::8"));
        node1.start();
        node2.start();
        lan.runSeconds(10);
        assertThat(lan.masters("V6")).containsExactly("node1");
        assertThat(lan.holders("2001:db8::8")).containsExactly("node1");
        assertThat(lan.sent).isNotEmpty().allSatisfy(s -> {
            assertThat(s.source()).isEqualTo(SimulatedLan.ip("fe80::1"));
            assertThat(s.advert().addresses()).containsExactly(SimulatedLan.ip("2001:db8::8"));
        });
        assertThat(node2.instance("V6").counters().advertsReceived()).isPositive();

        node1.crash();
        lan.runSeconds(5);
        assertThat(lan.holders("2001:db8::8")).containsExactly("node2");
    }

    @Test
    void onEqualPrioritiesTheHigherLinkLocalAddressWins() {
        var node1 = lan.addNode("node1", "192.0.2.1").linkLocal("fe80::ff:fe00:1");
        var node2 = lan.addNode("node2", "192.0.2.2").linkLocal("fe80::ff:fe00:2");
        node1.add(instance("V6").v3(1000).priority(100).vip("2001:db8::8"));
        node2.add(instance("V6").v3(1000).priority(100).vip("2001:db8::8"));
        node1.start();
        node2.start();
        lan.runSeconds(10);
        assertThat(lan.masters("V6")).containsExactly("node2");
    }

    @Test
    void anIpv4AndAnIpv6RouterWithTheSameVridAreTwoRouters() {
        var node1 = lan.addNode("node1", "192.0.2.1").linkLocal("fe80::1");
        var node2 = lan.addNode("node2", "192.0.2.2").linkLocal("fe80::2");
        // node1 is master of the IPv4 router, node2 of the IPv6 one, both VRID 51.
        node1.add(instance("V4").v3(1000).priority(100).vip("192.0.2.8"));
        node1.add(instance("V6").v3(1000).priority(99).vip("2001:db8::8"));
        node2.add(instance("V4").v3(1000).priority(99).vip("192.0.2.8"));
        node2.add(instance("V6").v3(1000).priority(100).vip("2001:db8::8"));
        node1.start();
        node2.start();
        lan.runSeconds(10);
        assertThat(lan.masters("V4")).containsExactly("node1");
        assertThat(lan.masters("V6")).containsExactly("node2");
        for (var n : java.util.List.of(node1, node2)) {
            for (String i : java.util.List.of("V4", "V6")) {
                // Another family's advert would have been an address-list mismatch.
                assertThat(n.instance(i).counters().discarded(DiscardReason.ADDRESS_LIST))
                        .as(i + " on " + n.name)
                        .isZero();
            }
        }
    }
}
