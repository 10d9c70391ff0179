package net.tandem.agent.testlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * The real keepalived (VRRP only) in a node's namespace, in the foreground, logging to a file:
 * {@code keepalived --dont-fork --log-console --log-detail --no-syslog --vrrp -f CONF -p PID -r VRRP_PID}.
 * Pid files are per process, so several keepalived can run side by side in different namespaces.
 * keepalived runs as a parent and a VRRP child; {@link #sigkill()} kills both, as a crash would.
 */
public final class KeepalivedProcess extends LoggedProcess {
    private final Path vrrpPidFile;

    private KeepalivedProcess(String name, List<String> argv, Path log, Path vrrpPidFile) {
        super(name, argv, log);
        this.vrrpPidFile = vrrpPidFile;
    }

    /** Starts keepalived; installs it first when missing (root), or skips the test. */
    public static KeepalivedProcess start(Node node, Path config, Path dir, String tag) {
        DebianPackages.require("keepalived", "keepalived");
        Path pid = dir.resolve(tag + ".pid");
        Path vrrpPid = dir.resolve(tag + ".vrrp.pid");
        List<String> argv = List.of(
                "ip",
                "netns",
                "exec",
                node.namespace(),
                "keepalived",
                "--dont-fork",
                "--log-console",
                "--log-detail",
                "--no-syslog",
                "--vrrp",
                "-f",
                config.toString(),
                "-p",
                pid.toString(),
                "-r",
                vrrpPid.toString());
        return new KeepalivedProcess(
                "keepalived@" + node.name() + "(" + tag + ")", argv, dir.resolve(tag + ".log"), vrrpPid);
    }

    /**
     * A crash: the VRRP child is killed first, with the parent frozen so it cannot respawn it nor
     * tell it to shut down cleanly (no priority-0 advert), then the parent.
     */
    @Override
    public void sigkill() {
        ProcessHandle parent = process.toHandle();
        signal("STOP", parent.pid());
        vrrpChild().ifPresent(pid -> signal("KILL", pid));
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(5));
        vrrpChild().flatMap(ProcessHandle::of).ifPresent(h -> h.onExit().join());
    }

    private Optional<Long> vrrpChild() {
        Optional<Long> fromChildren =
                process.toHandle().children().map(ProcessHandle::pid).findFirst();
        if (fromChildren.isPresent()) {
            return fromChildren;
        }
        try {
            return Files.exists(vrrpPidFile)
                    ? Optional.of(Long.parseLong(Files.readString(vrrpPidFile).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        Optional<ProcessHandle> child = vrrpChild().flatMap(ProcessHandle::of);
        super.close();
        child.ifPresent(ProcessHandle::destroyForcibly);
    }

    private static void signal(String sig, long pid) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
