package net.tandem.agent.chaos;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import net.tandem.agent.linux.RawVrrpSocket;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * A stranger on the LAN, run inside its namespace by the chaos lab:
 * {@code Flood IFACE SOURCE SECONDS JUNK_PER_S ADVERTS_PER_S} sends junk (random bytes, 8 to 40 of
 * them) on IP protocol 112 to 224.0.0.18 at JUNK_PER_S, and at ADVERTS_PER_S valid VRRPv2 adverts
 * for VRID 51 (the lab's) at priority 50 with the lab's password: lower than any node's, so the
 * master must keep its place and the backup must stay backup. Prints what it managed to send.
 */
public final class Flood {
    private Flood() {}

    public static void main(String[] args) throws Exception {
        String iface = args[0];
        Inet4Address source = (Inet4Address) InetAddress.getByName(args[1]);
        long seconds = Long.parseLong(args[2]);
        long junkPerSecond = Long.parseLong(args[3]);
        long advertsPerSecond = Long.parseLong(args[4]);
        Inet4Address group = (Inet4Address) InetAddress.getByName("224.0.0.18");
        Advert stranger = new Advert(
                VrrpVersion.V2,
                51,
                50,
                1,
                List.of((Inet4Address) InetAddress.getByName(ChaosLab.VIP)),
                AuthType.PASS,
                "tandem01");
        ByteBuffer advert = ByteBuffer.allocate(AdvertCodec.length(stranger));
        AdvertCodec.encode(stranger, source, group, advert);
        advert.flip();
        ByteBuffer junk = ByteBuffer.allocate(40);
        SplittableRandom random = new SplittableRandom(13);
        long junkSent = 0, advertsSent = 0, errors = 0;
        try (RawVrrpSocket socket = RawVrrpSocket.open(iface)) {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long now;
            while ((now = System.nanoTime()) < end) {
                double elapsed = (now - start) / 1e9;
                try {
                    // Catch up to the rate in small bursts (a 1 ms tick), junk and adverts interleaved.
                    while (junkSent < elapsed * junkPerSecond) {
                        junk.clear();
                        int len = 8 + random.nextInt(33);
                        for (int i = 0; i < len; i++) {
                            junk.put((byte) random.nextInt(256));
                        }
                        junk.flip();
                        socket.send(junk, source, group);
                        junkSent++;
                    }
                    while (advertsSent < elapsed * advertsPerSecond) {
                        socket.send(advert, source, group);
                        advertsSent++;
                    }
                } catch (java.io.IOException e) {
                    errors++; // ENOBUFS when the queue is full: the flood goes on
                }
                LockSupport.parkNanos(1_000_000);
            }
            double took = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "flood: %d junk packets (%.0f/s) and %d priority-50 adverts in %.1f s, %d send errors%n",
                    junkSent, junkSent / took, advertsSent, took, errors);
        }
    }
}
