package net.tandem.agent.vrrp.packet;

import static net.tandem.agent.vrrp.packet.Packets.NODE_1;
import static net.tandem.agent.vrrp.packet.Packets.VIP_1;
import static net.tandem.agent.vrrp.packet.Packets.VRRP_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** encode refuses, with a message saying what and why, adverts that cannot go on the wire. */
class AdvertEncodeValidationTest {

    private static Advert v2(
            int vrid, int priority, int interval, List<InetAddress> addresses, AuthType auth, String password) {
        return new Advert(VrrpVersion.V2, vrid, priority, interval, addresses, auth, password);
    }

    private static Advert v3(int interval, AuthType auth, String password) {
        return new Advert(VrrpVersion.V3, 1, 100, interval, List.of(VIP_1), auth, password);
    }

    private static void refused(Advert advert, String message) {
        ByteBuffer out = ByteBuffer.allocate(2048);
        assertThatThrownBy(() -> AdvertCodec.encode(advert, NODE_1, VRRP_GROUP, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThat(out.position()).as("nothing written").isZero();
    }

    @Test
    void vridZeroIsRefused() {
        refused(v2(0, 100, 1, List.of(VIP_1), AuthType.NONE, ""), "VRID 0 is out of range: it must be 1..255");
    }

    @Test
    void vrid256IsRefused() {
        refused(v2(256, 100, 1, List.of(VIP_1), AuthType.NONE, ""), "VRID 256");
    }

    @Test
    void priority256IsRefused() {
        refused(v2(1, 256, 1, List.of(VIP_1), AuthType.NONE, ""), "priority 256 is out of range");
    }

    @Test
    void negativePriorityIsRefused() {
        refused(v2(1, -1, 1, List.of(VIP_1), AuthType.NONE, ""), "priority -1");
    }

    @Test
    void v2IntervalOfZeroSecondsIsRefused() {
        refused(v2(1, 100, 0, List.of(VIP_1), AuthType.NONE, ""), "VRRPv2 Adver Int 0 s is out of range");
    }

    @Test
    void v2IntervalOf256SecondsIsRefused() {
        refused(v2(1, 100, 256, List.of(VIP_1), AuthType.NONE, ""), "1..255 whole seconds");
    }

    @Test
    void v3IntervalOf4096CentisecondsIsRefused() {
        refused(v3(4096, AuthType.NONE, ""), "VRRPv3 Max Adver Int 4096 cs is out of range");
    }

    @Test
    void v3IntervalOfZeroIsRefused() {
        refused(v3(0, AuthType.NONE, ""), "1..4095 centiseconds");
    }

    @Test
    void advertWithoutAddressesIsSentAsKeepalivedDoesForNotifyOnlyInstances() {
        ByteBuffer out = ByteBuffer.allocate(64);
        AdvertCodec.encode(v2(1, 100, 1, List.of(), AuthType.NONE, ""), NODE_1, VRRP_GROUP, out);

        assertThat(out.get(3)).as("Count IP Addrs").isZero();
    }

    @Test
    void advertWith256AddressesIsRefused() {
        refused(v2(1, 100, 1, Collections.nCopies(256, VIP_1), AuthType.NONE, ""), "with 256 addresses");
    }

    @Test
    void v3WithPasswordAuthenticationIsRefused() {
        refused(v3(100, AuthType.PASS, "secret"), "VRRPv3 has no authentication");
    }

    @Test
    void v2WithAhIsRefused() {
        refused(v2(1, 100, 1, List.of(VIP_1), AuthType.AH, ""), "auth type AH is not supported");
    }

    @Test
    void passwordOfNineCharactersIsRefused() {
        refused(v2(1, 100, 1, List.of(VIP_1), AuthType.PASS, "123456789"), "password is 9 characters long");
    }

    @Test
    void passwordOutsideIso88591IsRefused() {
        refused(v2(1, 100, 1, List.of(VIP_1), AuthType.PASS, "pass€"), "not ISO-8859-1");
    }

    @Test
    void passwordWithoutPassAuthenticationIsRefused() {
        refused(v2(1, 100, 1, List.of(VIP_1), AuthType.NONE, "secret"), "a password needs auth type PASS");
    }

    @Test
    void fullOutputBufferIsRefusedBeforeAnythingIsWritten() {
        Advert advert = v2(1, 100, 1, List.of(VIP_1), AuthType.NONE, "");
        ByteBuffer out = ByteBuffer.allocate(19);
        assertThatThrownBy(() -> AdvertCodec.encode(advert, NODE_1, VRRP_GROUP, out))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(out.position()).isZero();
        assertThat(out.array()).containsOnly(0);
    }

    @Test
    void advertOfThe255AddressesItMayCarryEncodes() {
        Advert advert = v2(1, 100, 1, Collections.nCopies(255, VIP_1), AuthType.NONE, "");
        assertThat(AdvertCodec.encode(advert, NODE_1, VRRP_GROUP, ByteBuffer.allocate(2048)))
                .isEqualTo(8 + 255 * 4 + 8);
    }
}
