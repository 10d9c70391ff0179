package net.tandem.agent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * keepalived.conf text both implementations read unchanged (Tandem reads keepalived's syntax): the
 * same file goes to each, so they do the same work. Addresses come from the documentation ranges
 * only: VIPs from 198.51.100.0/24 and 203.0.113.0/24, off the LAN's own 192.0.2.0/24.
 */
final class BenchConfig {
    private BenchConfig() {}

    /** The {@code n}-th VIP (1-based, n <= 508). */
    static String vip(int n) {
        if (n < 1 || n > 508) {
            throw new IllegalArgumentException("VIP number " + n);
        }
        return n <= 254 ? "198.51.100." + n : "203.0.113." + (n - 254);
    }

    /** Master_Down_Interval (RFC 9568 and 3768): 3 adverts plus the skew, in ms. */
    static double masterDownMillis(double advertMillis, int priority) {
        return 3 * advertMillis + skewMillis(advertMillis, priority);
    }

    static double skewMillis(double advertMillis, int priority) {
        return (256 - priority) * advertMillis / 256.0;
    }

    /**
     * {@code count} instances VI_1.. with VRIDs 1.. on {@code iface}, all BACKUP at {@code priority} (so both
     * implementations wait Master_Down_Interval at start), advert every {@code advertMillis}, VRRP {@code version}.
     */
    static String instances(int count, int firstVrid, String iface, int priority, double advertMillis, int version) {
        return instances(count, firstVrid, iface, priority, advertMillis, version, i -> vip(firstVrid + i));
    }

    /** As above, but instance {@code i} (0-based) holds the VIP {@code vipOf.apply(i)}, whatever its VRID. */
    static String instances(
            int count,
            int firstVrid,
            String iface,
            int priority,
            double advertMillis,
            int version,
            java.util.function.IntFunction<String> vipOf) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int vrid = firstVrid + i;
            sb.append("vrrp_instance VI_")
                    .append(iface)
                    .append('_')
                    .append(vrid)
                    .append(" {\n    state BACKUP\n    interface ")
                    .append(iface)
                    .append("\n    virtual_router_id ")
                    .append(vrid)
                    .append("\n    priority ")
                    .append(priority)
                    .append("\n    version ")
                    .append(version)
                    .append("\n    advert_int ")
                    .append(String.format(Locale.ROOT, "%.2f", advertMillis / 1000.0))
                    .append("\n    virtual_ipaddress {\n        ")
                    .append(vipOf.apply(i))
                    .append("/32\n    }\n}\n");
        }
        return sb.toString();
    }

    /** The seed's configuration for node {@code n} (1 or 2), its VIPs moved into 192.0.2.0/24. */
    static String seed(int n, boolean allBackup) {
        try {
            String text = Files.readString(Bench.top().resolve("conf/seed-dual-master/node" + n + ".conf"))
                    .replace("192.168.1.", "192.0.2.");
            return allBackup ? text.replace("state MASTER", "state BACKUP") : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, String text) {
        try {
            if (text.contains("192.168.") || text.matches("(?s).*\\b10\\.\\d+\\.\\d+\\.\\d+.*")) {
                throw new IllegalStateException("a bench config uses the documentation ranges only: " + name);
            }
            Path p = dir.resolve(name);
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> vips(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(vip(i));
        }
        return out;
    }
}
