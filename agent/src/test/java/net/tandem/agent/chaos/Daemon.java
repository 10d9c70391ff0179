package net.tandem.agent.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.KeepalivedProcess;
import net.tandem.agent.testlab.LoggedProcess;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * One node's VRRP daemon, Tandem or keepalived, as the faults see it: signals go to every process
 * of it (keepalived is a parent and a VRRP child), a restart starts a new one on the same config.
 */
final class Daemon implements AutoCloseable {
    private final Impl impl;
    private final Node node;
    private final Path config;
    private final Path dir;
    private final List<String> jvmOptions;
    private final List<LoggedProcess> all = new ArrayList<>();
    private LoggedProcess current;
    private boolean killedOnPurpose;

    Daemon(Impl impl, Node node, Path config, Path dir, List<String> jvmOptions) {
        this.impl = impl;
        this.node = node;
        this.config = config;
        this.dir = dir;
        this.jvmOptions = jvmOptions;
    }

    Node node() {
        return node;
    }

    Path config() {
        return config;
    }

    LoggedProcess process() {
        return current;
    }

    void start() {
        String tag = impl.label() + "-" + node.name() + "-" + (all.size() + 1);
        current = impl == Impl.TANDEM
                ? AgentProcess.start(node, config, dir.resolve(tag + ".log"), List.of(), jvmOptions)
                : KeepalivedProcess.start(node, config, dir, tag);
        all.add(current);
        killedOnPurpose = false;
    }

    /** kill -SIG to the daemon and its children (keepalived's VRRP child). */
    void signal(String sig) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(current.pid()).ifPresent(h -> {
            pids.add(h.pid());
            h.descendants().forEach(d -> pids.add(d.pid()));
        });
        for (long pid : pids) {
            try {
                new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start()
                        .waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** SIGKILL, as a crash (keepalived: the VRRP child first, so the parent cannot clean up). */
    void kill() {
        killedOnPurpose = true;
        current.sigkill();
    }

    /** True if the daemon is gone without having been killed on purpose. */
    boolean died() {
        if (killedOnPurpose) {
            return false;
        }
        if (!current.isAlive()) {
            return true;
        }
        // keepalived's parent respawns a dead VRRP child: a parent alone is not a working daemon.
        return impl == Impl.KEEPALIVED
                && ProcessHandle.of(current.pid())
                        .map(h -> h.children().findAny().isEmpty())
                        .orElse(true);
    }

    /** SIGTERM and wait: the daemon should remove its addresses on the way out. */
    void stop() {
        if (current != null && current.isAlive()) {
            signal("CONT"); // a stopped process cannot act on SIGTERM
            try {
                current.sigterm(Duration.ofSeconds(10));
            } catch (AssertionError slow) {
                System.err.println(current.name() + ": " + slow.getMessage());
            }
        }
    }

    @Override
    public void close() {
        all.forEach(LoggedProcess::close);
    }
}
