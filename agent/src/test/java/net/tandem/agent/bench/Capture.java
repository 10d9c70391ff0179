package net.tandem.agent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.TestNetwork;

/**
 * tcpdump on the LAN's bridge: every VRRP advert on the wire with the kernel's receive timestamp
 * (microseconds, wall clock). Both implementations are timed by the same capture, so neither's own
 * logging or clock enters a figure.
 */
final class Capture implements AutoCloseable {
    // 1764657600.123456 IP 192.0.2.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100, ...
    private static final Pattern LINE =
            Pattern.compile("^(\\d+)\\.(\\d{6}) IP (\\S+) > \\S+: VRRPv(\\d), Advertisement, vrid (\\d+), prio (\\d+)");

    /** One advert: when it crossed the bridge (µs since the epoch), who sent it, for which VRID, at what priority. */
    record Advert(long micros, String source, int version, int vrid, int priority) {}

    private final Process process;
    private final Path out;
    private final Path err;
    private final List<Advert> seen = new ArrayList<>();
    private long readUpTo;

    private Capture(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts tcpdump on every port of the bridge and waits until it listens. */
    static Capture start(TestNetwork net, Path dir, String tag) {
        return start(net, "br0", dir, tag);
    }

    /** Starts tcpdump on {@code bridge} in the LAN's bridge namespace (a LAN may have several bridges). */
    static Capture start(TestNetwork net, String bridge, Path dir, String tag) {
        DebianPackages.require("tcpdump", "tcpdump");
        Path out = dir.resolve(tag + ".pcap.txt");
        Path err = dir.resolve(tag + ".tcpdump.err");
        try {
            Process p = new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            net.bridgeNamespace(),
                            "tcpdump",
                            "-i",
                            bridge,
                            "-tt",
                            "-n",
                            "-l",
                            "-B",
                            "8192",
                            "ip proto 112")
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            Capture c = new Capture(p, out, err);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(err).contains("listening on")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    c.close();
                    throw new IllegalStateException("tcpdump did not start: " + Files.readString(err));
                }
                Thread.sleep(10);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The adverts captured so far (tcpdump line-buffers, so this is up to date to a few ms). */
    synchronized List<Advert> adverts() {
        try (var ch = java.nio.channels.FileChannel.open(out)) {
            long size = ch.size();
            if (size > readUpTo) {
                var buf = java.nio.ByteBuffer.allocate((int) (size - readUpTo));
                ch.read(buf, readUpTo);
                String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n') + 1; // only whole lines; the rest next time
                readUpTo += text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
                text.substring(0, end).lines().forEach(this::parse);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(seen);
    }

    private void parse(String line) {
        Matcher m = LINE.matcher(line);
        if (m.find()) {
            seen.add(new Advert(
                    Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)),
                    m.group(3),
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6))));
        }
    }

    /** Polls the capture every 5 ms until an advert matches; empty when none came within {@code millis}. */
    java.util.Optional<Advert> await(Predicate<Advert> want, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            var hit = adverts().stream().filter(want).findFirst();
            if (hit.isPresent()) {
                return hit;
            }
            Bench.sleep(5);
        }
        return java.util.Optional.empty();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
