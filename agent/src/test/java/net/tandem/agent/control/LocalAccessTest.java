package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.config.ControlConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default control API against a local user who is not root (issue 12: "setpriv --reuid=65534 ... tandemctl
 * maintenance on" dropped every VIP). The client is curl speaking gRPC over HTTP/2 on the Unix socket, run as
 * nobody:nogroup with no supplementary groups through setpriv, exactly as an attacker would: the socket's mode
 * keeps it out by default; with {@code read_group nogroup} it may read and nothing more; and with the file mode
 * opened by hand (a mistake, or a descriptor passed on), the peer's credentials still refuse it.
 *
 * <p>Needs root (to switch to nobody) and curl with HTTP/2; skipped, saying so, otherwise.
 */
class LocalAccessTest {

    private static final String NOBODY = "65534";
    /** GetStatusRequest{}: the 5-byte gRPC prefix (not compressed, length 0). */
    private static final byte[] EMPTY = {0, 0, 0, 0, 0};
    /** SetMaintenanceRequest{on: true}: prefix, then field 1 varint 1. */
    private static final byte[] MAINTENANCE_ON = {0, 0, 0, 0, 2, 0x08, 0x01};

    @TempDir
    Path dir;

    private final FakeControlTarget target = new FakeControlTarget();
    private ControlServer server;

    @BeforeAll
    static void rootAndCurl() throws Exception {
        assumeTrue(
                new com.sun.security.auth.module.UnixSystem().getUid() == 0,
                "SKIPPED LOUDLY: LocalAccessTest needs root to run a client as nobody (setpriv)");
        assumeTrue(
                run(List.of("curl", "--version"), new byte[0]).contains("HTTP2"),
                "SKIPPED LOUDLY: LocalAccessTest needs curl with HTTP/2 (apt-get install curl)");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path start(Optional<String> readGroup) throws IOException {
        Path socket = dir.resolve("control.sock");
        ControlConfig config = new ControlConfig(
                Optional.empty(),
                Optional.of(socket),
                readGroup,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.of(dir.resolve("audit.log")));
        server = new ControlServer(config, target);
        server.start();
        return socket;
    }

    /** The grpc-status curl saw (in the headers, or the trailers), or curl's own error. */
    private static String asNobody(Path socket, String method, byte[] body) throws Exception {
        String out = run(
                List.of(
                        "setpriv",
                        "--reuid=" + NOBODY,
                        "--regid=" + NOBODY,
                        "--clear-groups",
                        "--",
                        "curl",
                        "-sS",
                        "--max-time",
                        "10",
                        "--http2-prior-knowledge",
                        "--unix-socket",
                        socket.toString(),
                        "-H",
                        "content-type: application/grpc",
                        "-H",
                        "te: trailers",
                        "--data-binary",
                        "@-",
                        "-D",
                        "-",
                        "-o",
                        "/dev/null",
                        "http://localhost/tandem.v1.Control/" + method),
                body);
        Matcher m = Pattern.compile("(?m)^grpc-status: *(\\d+)").matcher(out);
        return m.find() ? "grpc-status " + m.group(1) : out.strip();
    }

    private static String run(List<String> argv, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(argv + " did not finish");
        }
        return out;
    }

    @Test
    void byDefaultNobodyCannotEvenConnect() throws Exception {
        Path socket = start(Optional.empty());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // reach the file at least

        // curl's exit 7, "Couldn't connect": connect(2) failed with EACCES (the socket is 0600 root).
        assertThat(asNobody(socket, "SetMaintenance", MAINTENANCE_ON)).startsWith("curl: (7)");
        assertThat(asNobody(socket, "GetStatus", EMPTY)).startsWith("curl: (7)");
        assertThat(target.calls).isEmpty();
        assertThat(target.maintenance).isFalse();
    }

    @Test
    void withTheFileModeOpenedTheCredentialsStillRefuseEverything() throws Exception {
        Path socket = start(Optional.empty());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(asNobody(socket, "SetMaintenance", MAINTENANCE_ON)).isEqualTo("grpc-status 7"); // PERMISSION_DENIED
        assertThat(asNobody(socket, "GetStatus", EMPTY)).isEqualTo("grpc-status 7");
        assertThat(target.calls).isEmpty();
        assertThat(target.maintenance).isFalse();
        assertThat(Files.readString(dir.resolve("audit.log")))
                .containsPattern("peer=local uid=65534 gid=65534 pid=\\d+ role=NONE method=SetMaintenance"
                        + " result=PERMISSION_DENIED: uid 65534 may not use the control socket");
    }

    @Test
    void theReadGroupMayReadAndNothingMore() throws Exception {
        Path socket = start(Optional.of("nogroup"));

        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
        assertThat(Files.getAttribute(socket, "unix:gid")).isEqualTo(65534);
        assertThat(asNobody(socket, "GetStatus", EMPTY)).isEqualTo("grpc-status 0");
        assertThat(asNobody(socket, "SetMaintenance", MAINTENANCE_ON)).isEqualTo("grpc-status 7");
        assertThat(target.maintenance).isFalse();
        assertThat(target.calls).noneMatch(c -> c.startsWith("setMaintenance"));
    }
}
