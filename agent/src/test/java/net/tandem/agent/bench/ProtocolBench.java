package net.tandem.agent.bench;

import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.tandem.agent.time.VirtualScheduler;
import net.tandem.agent.vrrp.AdvertDispatcher;
import net.tandem.agent.vrrp.InstanceNetwork;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.VrrpInstance;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * bin/bench: what the hot paths cost, in time and in allocation per operation. The event loop
 * receives every advert of every group on the LAN, so "decode + dispatch + receive" is the path
 * that matters; a master's send path is the other. Plain Java, no harness: warm up, then measure
 * many iterations; allocation comes from the JVM's per-thread counter, which is exact.
 */
public final class ProtocolBench {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        Inet4Address master = ip("192.0.2.1");
        Inet4Address group = ip("224.0.0.18");
        Advert v2 = new Advert(VrrpVersion.V2, 51, 100, 1, List.of(ip("192.0.2.8")), AuthType.PASS, "password");
        Advert v3 = new Advert(VrrpVersion.V3, 52, 100, 1, List.of(ip("192.0.2.9")), AuthType.NONE, "");
        ByteBuffer out = ByteBuffer.allocateDirect(1500);
        ByteBuffer v2Wire = encoded(v2, master, group);
        ByteBuffer v3Wire = encoded(v3, master, group);

        // A backup that hears its master: decode, dispatch, the Backup rule, the master-down restart.
        VirtualScheduler clock = new VirtualScheduler();
        InstanceSettings s = new InstanceSettings(
                "VI_1",
                VrrpVersion.V2,
                51,
                99,
                InstanceSettings.SECOND,
                true,
                0,
                AuthType.PASS,
                "password",
                List.of(ip("192.0.2.8")),
                ip("192.0.2.2"),
                Set.of(),
                InstanceSettings.GarpSettings.KEEPALIVED_DEFAULTS,
                false);
        VrrpInstance backup = new VrrpInstance(s, clock, NOWHERE, (i, t) -> {});
        AdvertDispatcher dispatcher = new AdvertDispatcher();
        dispatcher.register("eth0", backup);
        backup.start();

        // A master's send path: the adver timer fires, the advert is encoded into a reused buffer.
        InstanceSettings ms = new InstanceSettings(
                "VI_1",
                VrrpVersion.V3,
                51,
                100,
                10_000_000L,
                true,
                0,
                AuthType.NONE,
                "",
                List.of(ip("192.0.2.8")),
                master,
                Set.of(),
                InstanceSettings.GarpSettings.KEEPALIVED_DEFAULTS,
                false);
        VirtualScheduler mclock = new VirtualScheduler();
        VrrpInstance sender = new VrrpInstance(
                ms,
                mclock,
                new InstanceNetwork() {
                    public void sendAdvert(Advert a) {
                        out.clear();
                        AdvertCodec.encode(a, master, group, out);
                    }

                    public void addVirtualAddresses() {}

                    public void removeVirtualAddresses() {}

                    public void removeVirtualAddressesNotIn(InstanceNetwork successor) {}

                    public void sendGratuitousArps() {}
                },
                (i, t) -> {});
        sender.start();
        mclock.advanceNanos(1_000_000_000L); // Master now

        System.out.println("Tandem protocol benchmark (" + iterations + " iterations each, " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores)");
        System.out.printf(Locale.ROOT, "%-52s %10s %12s%n", "operation", "ns/op", "bytes/op");
        measure("encode v2 PASS advert", iterations, () -> {
            out.clear();
            AdvertCodec.encode(v2, master, group, out);
        });
        measure("encode v3 advert (pseudo-header checksum)", iterations, () -> {
            out.clear();
            AdvertCodec.encode(v3, master, group, out);
        });
        measure("decode v2 PASS advert", iterations, () -> AdvertCodec.decode(master, group, 255, v2Wire));
        measure("decode v3 advert", iterations, () -> AdvertCodec.decode(master, group, 255, v3Wire));
        measure("backup hears master: decode + dispatch + receive", iterations, () -> {
            ReceivedAdvert r = AdvertCodec.decode(master, group, 255, v2Wire);
            dispatcher.dispatch("eth0", r);
        });
        measure("master sends: adver timer + encode (v3, 10 ms)", iterations, () -> mclock.advanceNanos(10_000_000L));
    }

    private static void measure(String name, int iterations, Op op) throws Exception {
        for (int i = 0; i < iterations / 4; i++) {
            op.run(); // warm-up: let the JIT compile it
        }
        long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            op.run();
        }
        long t1 = System.nanoTime();
        long bytes1 = THREADS.getCurrentThreadAllocatedBytes();
        System.out.printf(
                Locale.ROOT,
                "%-52s %10.1f %12.1f%n",
                name,
                (t1 - t0) / (double) iterations,
                (bytes1 - bytes0) / (double) iterations);
    }

    private static ByteBuffer encoded(Advert a, Inet4Address src, Inet4Address dst) {
        ByteBuffer b = ByteBuffer.allocate(1500);
        AdvertCodec.encode(a, src, dst, b);
        return b.flip();
    }

    private static final InstanceNetwork NOWHERE = new InstanceNetwork() {
        public void sendAdvert(Advert a) {}

        public void addVirtualAddresses() {}

        public void removeVirtualAddresses() {}

        public void removeVirtualAddressesNotIn(InstanceNetwork successor) {}

        public void sendGratuitousArps() {}
    };

    private static Inet4Address ip(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }
}
