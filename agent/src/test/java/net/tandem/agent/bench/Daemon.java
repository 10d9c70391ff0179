package net.tandem.agent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.tandem.agent.testlab.KeepalivedProcess;
import net.tandem.agent.testlab.LoggedProcess;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * A VRRP daemon under measurement, Tandem or keepalived, in a node's namespace: what the harness
 * does to it (crash, stop) and reads from it (resident memory and CPU time of its whole process
 * tree: keepalived is a parent and a VRRP child, Tandem one JVM).
 */
final class Daemon implements AutoCloseable {
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private final Impl impl;
    private final LoggedProcess process;
    /** Wall clock (µs) just before the process was spawned: start-up is measured from here. */
    final long startedMicros;

    private Daemon(Impl impl, LoggedProcess process, long startedMicros) {
        this.impl = impl;
        this.process = process;
        this.startedMicros = startedMicros;
    }

    /** Tandem through its launcher (bin/tandem-agent: the JVM flags and AOT cache users get). */
    static Daemon tandem(Node node, Path config, Path dir, String tag) {
        long t = Bench.nowMicros();
        Path runDir = runDir(dir, tag);
        List<String> argv = List.of(
                "ip",
                "netns",
                "exec",
                node.namespace(),
                Bench.top().resolve("bin/tandem-agent").toString(),
                "-f",
                config.toString(),
                "--run-dir",
                runDir.toString());
        return new Daemon(Impl.TANDEM, new TandemProcess(tag, argv, dir.resolve(tag + ".log")), t);
    }

    /** Where a Tandem daemon keeps its dumps and its control socket. */
    static Path runDir(Path dir, String tag) {
        return dir.resolve(tag + ".run");
    }

    /** The control socket of the Tandem daemon {@code tag}: tandemctl's --target for it. */
    static String controlTarget(Path dir, String tag) {
        return "unix:" + runDir(dir, tag).toAbsolutePath().resolve("control.sock");
    }

    static Daemon keepalived(Node node, Path config, Path dir, String tag) {
        long t = Bench.nowMicros();
        return new Daemon(Impl.KEEPALIVED, KeepalivedProcess.start(node, config, dir, tag), t);
    }

    static Daemon start(Impl impl, Node node, Path config, Path dir, String tag) {
        return impl == Impl.TANDEM ? tandem(node, config, dir, tag) : keepalived(node, config, dir, tag);
    }

    Impl impl() {
        return impl;
    }

    LoggedProcess process() {
        return process;
    }

    /** A crash: SIGKILL (keepalived: the VRRP child first, its parent frozen, as a crash would). */
    void crash() {
        process.sigkill();
    }

    /** SIGTERM: a master hands over with a priority-0 advert. */
    void stop() {
        process.sigterm(java.time.Duration.ofSeconds(10));
    }

    /** The process and its descendants (keepalived's VRRP child). */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(process.pid()).ifPresent(h -> {
            pids.add(h.pid());
            h.descendants().forEach(d -> pids.add(d.pid()));
        });
        return pids;
    }

    /**
     * Whether the daemon itself runs: for Tandem, the launcher has exec'd the JVM (while bin/tandem-agent still
     * builds or checks, the process is a shell and its memory is not the agent's).
     */
    boolean running() {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String comm = Files.readString(Path.of("/proc", Long.toString(process.pid()), "comm"))
                    .strip();
            return impl == Impl.KEEPALIVED || comm.equals("java");
        } catch (IOException e) {
            return false;
        }
    }

    /** Resident set (VmRSS) of the tree, in KiB. */
    long rssKib() {
        return pids().stream().mapToLong(p -> statusField(p, "VmRSS:")).sum();
    }

    /** Private anonymous memory (RssAnon) of the tree, in KiB: what the process alone costs the machine. */
    long anonKib() {
        return pids().stream().mapToLong(p -> statusField(p, "RssAnon:")).sum();
    }

    /** User + system CPU time of the tree, in ms. */
    long cpuMillis() {
        long ticks = 0;
        for (long pid : pids()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            } catch (IOException e) {
                // the process is gone: it costs nothing more
            }
        }
        return ticks * 1000 / CLOCK_TICKS;
    }

    private static long statusField(long pid, String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith(field))
                    .map(l -> Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]))
                    .findFirst()
                    .orElse(0L);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        process.close();
    }

    private static final class TandemProcess extends LoggedProcess {
        TandemProcess(String name, List<String> argv, Path log) {
            super(name, argv, log);
        }
    }
}
