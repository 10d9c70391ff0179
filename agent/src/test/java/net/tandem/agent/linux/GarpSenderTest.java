package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.Test;

class GarpSenderTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theFrameIsKeepalivedsBroadcastArpRequestForTheVip() throws Exception {
        ByteBuffer frame = GarpSender.frame(
                MacAddress.parse("02:00:00:aa:bb:cc"), (Inet4Address) InetAddress.getByName("192.0.2.8"));
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);

        assertThat(HEX.formatHex(bytes))
                .isEqualTo("ffffffffffff" + "020000aabbcc" + "0806" // Ethernet: broadcast, from our MAC, ARP
                        + "0001" + "0800" + "06" + "04" + "0001" // Ethernet/IPv4, request
                        + "020000aabbcc" + "c0000208" // sender: our MAC, the VIP
                        + "ffffffffffff" + "c0000208"); // target: broadcast MAC, the VIP
    }

    @Test
    void aGratuitousArpFromNode1ReachesNode2WithNode1sMac() throws Exception {
        try (TestNetwork net = TestNetwork.create()) {
            Node node1 = net.addNode();
            Node node2 = net.addNode();
            Inet4Address vip = (Inet4Address) InetAddress.getByName("192.0.2.8");
            byte[] node1Mac = MacAddress.parse(net.mac(node1)).bytes();

            try (ArpCapture capture = Netns.call(node2.namespace(), () -> {
                        try (Rtnetlink rtnl = Rtnetlink.open()) {
                            return ArpCapture.open(
                                    rtnl.link("eth0").orElseThrow().index());
                        }
                    });
                    GarpSender garp = Netns.call(node1.namespace(), () -> {
                        try (Rtnetlink rtnl = Rtnetlink.open()) {
                            return GarpSender.open(rtnl.link("eth0").orElseThrow());
                        }
                    })) {

                garp.send(vip);

                byte[] frame = capture.next(
                                f -> f.length >= 42 && Arrays.equals(f, 28, 32, vip.getAddress(), 0, 4), 5000)
                        .orElseThrow(
                                () -> new AssertionError("no gratuitous ARP for 192.0.2.8 reached node2 within 5 s"));
                assertThat(Arrays.copyOfRange(frame, 0, 6)).isEqualTo(new byte[] {-1, -1, -1, -1, -1, -1});
                assertThat(Arrays.copyOfRange(frame, 6, 12)).isEqualTo(node1Mac);
                assertThat(Arrays.copyOfRange(frame, 20, 22)).isEqualTo(new byte[] {0, 1}); // request
                assertThat(Arrays.copyOfRange(frame, 22, 28)).isEqualTo(node1Mac); // sender MAC
                assertThat(Arrays.copyOfRange(frame, 38, 42)).isEqualTo(vip.getAddress()); // target IP
            }
        }
    }
}
