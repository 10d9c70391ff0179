package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

/**
 * The receive thread's own rules, on a scripted packet source and on the test's thread: the arrival interface
 * (IP_PKTINFO) must be the socket's, and an unexpected failure means FAULT, a wait that doubles, and receiving again,
 * never the end of the thread.
 */
class InterfaceReceiverTest {
    static final int ETH0 = 7;

    /** One step of the script: a packet (arrived on {@code ifindex}) or a failure (IOException or RuntimeException). */
    record Step(int ifindex, Exception failure) {}

    final Deque<Step> script = new ArrayDeque<>();
    final List<String> events = new ArrayList<>();
    final List<Long> waits = new ArrayList<>();

    final InterfaceReceiver.PacketSource source = new InterfaceReceiver.PacketSource() {
        @Override
        public String interfaceName() {
            return "eth0";
        }

        @Override
        public int ifindex() {
            return ETH0;
        }

        @Override
        public ReceivedPacket receive(ByteBuffer into) throws IOException {
            Step s = script.poll();
            if (s == null) {
                throw new AsynchronousCloseException(); // the script is over: as if closed
            }
            if (s.failure() instanceof IOException e) {
                throw e;
            }
            if (s.failure() instanceof RuntimeException e) {
                throw e;
            }
            byte[] packet = ipv4Packet();
            into.put(packet);
            return new ReceivedPacket(s.ifindex(), packet.length, false, System.nanoTime());
        }

        @Override
        public void close() {}
    };

    final InterfaceReceiver.Sink sink = new InterfaceReceiver.Sink() {
        @Override
        public void advert(String interfaceName, ReceivedAdvert advert, long receivedAt) {
            events.add("advert");
        }

        @Override
        public void discard(String interfaceName, DiscardReason reason) {
            events.add("discard " + reason);
        }

        @Override
        public void failed(String interfaceName, String reason) {
            events.add("failed");
        }

        @Override
        public void receiving(String interfaceName) {
            events.add("receiving");
        }
    };

    void run() {
        new InterfaceReceiver(source, sink, waits::add).run();
    }

    @Test
    void aPacketThatArrivedOnAnotherInterfaceIsDiscarded() {
        script.add(new Step(ETH0, null));
        script.add(new Step(ETH0 + 1, null));
        script.add(new Step(0, null)); // no IP_PKTINFO at all
        run();
        assertThat(events)
                .containsExactly(
                        "advert",
                        "discard " + DiscardReason.ARRIVAL_INTERFACE,
                        "discard " + DiscardReason.ARRIVAL_INTERFACE);
    }

    @Test
    void aFailureFaultsTheInterfaceWaitsAndReceivesAgain() {
        script.add(new Step(ETH0, null));
        script.add(new Step(0, new IOException("recvmsg(VRRP): EFAULT")));
        script.add(new Step(ETH0, null));
        run();
        assertThat(events).containsExactly("advert", "failed", "receiving", "advert");
        assertThat(waits).containsExactly(InterfaceReceiver.FIRST_BACKOFF_NANOS);
    }

    @Test
    void failuresInARowWaitTwiceAsLongEachTimeUpToTheCeilingAndAPacketResetsTheWait() {
        for (int i = 0; i < 7; i++) {
            script.add(new Step(0, new IOException("recvmsg(VRRP): EFAULT")));
        }
        script.add(new Step(ETH0, null));
        script.add(new Step(0, new IOException("recvmsg(VRRP): EFAULT")));
        run();
        long s = 1_000_000_000L;
        assertThat(waits).containsExactly(s, 2 * s, 4 * s, 8 * s, 16 * s, 30 * s, 30 * s, s);
        assertThat(events.getLast()).isEqualTo("receiving");
    }

    @Test
    void anUnexpectedRuntimeExceptionIsAFailureToo() {
        script.add(new Step(0, new IllegalStateException("a bug")));
        script.add(new Step(ETH0, null));
        run();
        assertThat(events).containsExactly("failed", "receiving", "advert");
    }

    /** The advert in an IPv4 header (TTL 255, protocol 112, 192.0.2.1 -> 224.0.0.18), as the raw socket gives it. */
    static byte[] ipv4Packet() {
        ByteBuffer vrrp = ByteBuffer.allocate(64);
        AdvertCodec.encode(advert(), ip("192.0.2.1"), ip("224.0.0.18"), vrrp);
        vrrp.flip();
        ByteBuffer p = ByteBuffer.allocate(20 + vrrp.remaining());
        p.put((byte) 0x45).put((byte) 0xc0).putShort((short) p.capacity()).putInt(0);
        p.put((byte) 255).put((byte) 112).putShort((short) 0);
        p.put(ip("192.0.2.1").getAddress()).put(ip("224.0.0.18").getAddress());
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += p.getShort(i) & 0xffff;
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        p.putShort(10, (short) ~sum);
        p.put(vrrp);
        return p.array();
    }

    static Advert advert() {
        return new Advert(VrrpVersion.V2, 51, 100, 1, List.of(ip("192.0.2.8")), AuthType.NONE, "");
    }

    static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
