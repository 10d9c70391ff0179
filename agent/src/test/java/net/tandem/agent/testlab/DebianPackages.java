package net.tandem.agent.testlab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The tools integration tests drive (keepalived, arping, tcpdump, tshark): when one is missing and
 * we are root, it is installed once with apt-get, as bin/test does; otherwise the test is skipped
 * loudly. Package services are stopped: keepalived must never run in the root namespace here.
 */
public final class DebianPackages {
    private static final List<String> BIN_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");
    private static boolean updated;

    private DebianPackages() {}

    /** Makes sure {@code command} exists, installing Debian package {@code pkg} if needed; else skips the test. */
    public static synchronized void require(String command, String pkg) {
        TestNetwork.assumeUsable();
        if (!has(command) && TestNetwork.isRoot() && has("apt-get")) {
            System.err.println("*** installing Debian package " + pkg + " for the integration tests ***");
            if (!updated) {
                run(List.of("apt-get", "update", "-qq"));
                updated = true;
            }
            if (pkg.equals("tshark")) {
                // wireshark-common asks whether non-root users may capture: no.
                run(List.of(
                        "sh",
                        "-c",
                        "echo 'wireshark-common wireshark-common/install-setuid boolean false'"
                                + " | debconf-set-selections"));
            }
            run(List.of(
                    "env",
                    "DEBIAN_FRONTEND=noninteractive",
                    "apt-get",
                    "install",
                    "-y",
                    "-qq",
                    "--no-install-recommends",
                    pkg));
            if (pkg.equals("keepalived")) {
                stopKeepalivedService();
            }
        }
        boolean present = has(command);
        if (!present) {
            System.err.println("*** SKIPPING: " + command + " (Debian package " + pkg + ") is not installed and"
                    + " could not be installed; run bin/test as root ***");
        }
        Assumptions.assumeTrue(present, command + " (Debian package " + pkg + ") is needed");
    }

    /** The package's service would run keepalived in the root namespace: stop it, ignoring errors. */
    public static void stopKeepalivedService() {
        run(List.of(
                "sh",
                "-c",
                "systemctl stop keepalived >/dev/null 2>&1; service keepalived stop >/dev/null 2>&1;" + " true"));
    }

    static boolean has(String command) {
        return BIN_DIRS.stream().anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    private static void run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv)
                    .inheritIO()
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        } catch (Exception e) {
            System.err.println("*** " + String.join(" ", argv) + " failed: " + e + " ***");
        }
    }
}
