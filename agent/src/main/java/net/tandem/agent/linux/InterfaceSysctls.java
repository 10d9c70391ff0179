package net.tandem.agent.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.OptionalInt;
import java.util.Set;
import net.tandem.agent.config.VmacConfig;

/**
 * Per-interface sysctls under /proc/sys/net/{ipv4,ipv6}/conf/IF/, in the calling process's network namespace: what
 * {@code sysctl -w net.ipv4.conf.IF.KEY=V} does. Only names the kernel could have made and keys from a fixed list
 * become paths, and a path that is not a regular file (a link, say) is refused: the agent runs as root.
 */
final class InterfaceSysctls {

    /** The keys Tandem reads or writes (keepalived's vrrp_if_config.c, plus disable_ipv6 and arp_announce). */
    static final Set<String> KEYS = Set.of(
            "arp_ignore",
            "arp_filter",
            "arp_announce",
            "accept_local",
            "rp_filter",
            "promote_secondaries",
            "disable_ipv6");

    private static final Path ROOT = Path.of("/proc/sys/net");

    private InterfaceSysctls() {}

    /** The value, or empty when the interface (or IPv6) is not there. */
    static OptionalInt read(String family, String ifname, String key) throws IOException {
        Path p = path(family, ifname, key);
        try {
            checkRegular(p);
            String text = Files.readString(p, StandardCharsets.US_ASCII).trim();
            return OptionalInt.of(Integer.parseInt(text));
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (NumberFormatException e) {
            throw new IOException(p + " does not hold a number", e);
        }
    }

    /** Writes the value; false when the interface (or IPv6) is not there. */
    static boolean write(String family, String ifname, String key, int value) throws IOException {
        Path p = path(family, ifname, key);
        try {
            checkRegular(p);
            Files.writeString(
                    p,
                    Integer.toString(value),
                    StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    static Path path(String family, String ifname, String key) {
        if (!family.equals("ipv4") && !family.equals("ipv6")) {
            throw new IllegalArgumentException("sysctl family must be ipv4 or ipv6, got " + family);
        }
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("sysctl " + key + " is not one Tandem sets");
        }
        if (!ifname.equals("all") && !ifname.equals("default")) {
            VmacConfig.nameProblem(ifname).ifPresent(bad -> {
                throw new IllegalArgumentException("not an interface name: " + bad);
            });
        }
        return ROOT.resolve(family).resolve("conf").resolve(ifname).resolve(key);
    }

    private static void checkRegular(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new IOException(p + " is not a regular file; not touched");
        }
    }
}
