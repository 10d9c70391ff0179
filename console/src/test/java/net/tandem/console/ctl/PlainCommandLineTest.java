package net.tandem.console.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.ControlServer;
import net.tandem.agent.control.FakeControlTarget;
import net.tandem.agent.control.SecretFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The command lines tandemctl reads without picocli mean what they mean to picocli, and everything else is left to
 * picocli; both ways print the same and exit with the same code.
 */
class PlainCommandLineTest {

    @TempDir
    Path dir;

    /** Arguments as one string, words separated by a space (no word here has one). */
    private static String[] words(String line) {
        return line.isEmpty() ? new String[0] : line.split(" ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "status",
                "status --json",
                "--target 192.0.2.1:7112 --ca /etc/tandem/ca.crt --token-file /etc/tandem/admin.token status",
                "--target=192.0.2.1:7112 --ca=/etc/tandem/ca.crt --token-file=/etc/tandem/admin.token status --json",
                "--target [2001:db8::1]:7112 --ca ca.crt --cert client.crt --key client.key status",
                "--target unix:/run/tandem/control.sock --timeout 1 --verbose status",
                "--verbose --timeout=30 --target=192.0.2.1:7112 status",
                "--target 127.0.0.1:7112 --token-file admin.token takeover VI_1",
                "--token-file=admin.token --target=127.0.0.1:7112 release VI_2",
                "--timeout 010 status", // decimal, as picocli's Long.valueOf
                "takeover VI=1",
                "release vi.2-b"
            })
    void aUsualCommandLineMeansWhatItMeansToPicocli(String line) {
        String[] args = words(line);
        PlainCommandLine plain = PlainCommandLine.parse(args);
        assertThat(plain).as(line).isNotNull();

        CommandLine cl = TandemCtl.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        TandemCtl picocli = cl.getCommand();
        TandemCtl o = plain.options();
        assertThat(o.target).isEqualTo(picocli.target);
        assertThat(o.tokenFile).isEqualTo(picocli.tokenFile);
        assertThat(o.ca).isEqualTo(picocli.ca);
        assertThat(o.cert).isEqualTo(picocli.cert);
        assertThat(o.key).isEqualTo(picocli.key);
        assertThat(o.timeoutSeconds).isEqualTo(picocli.timeoutSeconds);
        assertThat(o.verbose).isEqualTo(picocli.verbose);

        Object command = parsed.subcommand().commandSpec().userObject();
        assertThat(plain.command()).isExactlyInstanceOf(command.getClass());
        assertThat(plain.command().options).isSameAs(o);
        switch (command) {
            case StatusCommand status ->
                assertThat(((StatusCommand) plain.command()).json).isEqualTo(status.json);
            case TakeoverCommand takeover ->
                assertThat(((TakeoverCommand) plain.command()).instance).isEqualTo(takeover.instance);
            case ReleaseCommand release ->
                assertThat(((ReleaseCommand) plain.command()).instance).isEqualTo(release.instance);
            default -> throw new AssertionError(command);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "--help",
                "-h",
                "--version",
                "status --help",
                "status -h",
                "takeover --help",
                "completion",
                "watch",
                "reload",
                "priority VI_1 200",
                "maintenance on",
                "--target",
                "--target status",
                "--target=status status",
                "--ca=@ca.crt status",
                "--target --ca ca.crt status",
                "--target= status",
                "--target 192.0.2.1:7112",
                "--target a:1 --target b:2 status",
                "--verbose --verbose status",
                "--verbose=true status",
                "--timeout 1.5 status",
                "--timeout -1 status",
                "--timeout 0x10 status",
                "--timeout=abc status",
                "--tagret 192.0.2.1:7112 status",
                "-t x status",
                "@args.txt",
                "--ca @ca.crt status",
                "-- status",
                "status --json --json",
                "status --json=true",
                "status extra",
                "status --target 192.0.2.1:7112",
                "takeover",
                "takeover VI_1 VI_2",
                "takeover -- VI_1",
                "takeover --json",
                "takeover @name",
                "takeover status",
                "release"
            })
    void anythingElseIsLeftToPicocli(String line) {
        assertThat(PlainCommandLine.parse(words(line))).as(line).isNull();
    }

    private record Run(int code, String out, String err) {}

    private static Run viaPicocli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TandemCtl.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run withoutPicocli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlainCommandLine.parse(args).execute(new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** The same run, but for the agent's uptime and the time of the status, which move between two calls. */
    private static Run withoutUptime(Run r) {
        return new Run(
                r.code(),
                r.out().replaceFirst(" up \\S+ ", " up X ").replaceAll("\"(uptime|takenAt)\": \"[^\"]*\"", "\"$1\": T"),
                r.err());
    }

    @Test
    void bothWaysPrintTheSameAndExitTheSame() throws IOException {
        Path admin = SecretFiles.write(dir.resolve("admin.token"), "admin-0c1d2e3f\n");
        Path read = SecretFiles.write(dir.resolve("read.token"), "read-4a5b6c7d\n");
        ControlServer server = new ControlServer(
                new ControlConfig(
                        new InetSocketAddress("127.0.0.1", 0),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(admin),
                        Optional.of(read),
                        Optional.empty(),
                        Optional.empty()),
                new FakeControlTarget());
        server.start();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try {
            String target = "127.0.0.1:" + server.address().getPort();
            String[][] lines = {
                {"--target", target, "--token-file", read.toString(), "status"},
                {"--target", target, "--token-file", read.toString(), "status", "--json"},
                {"--target", target, "status"}, // no token: refused, exit 4
                {"--target", target, "--token-file", read.toString(), "takeover", "VI_1"}, // read token: refused
                {"--target", target, "--token-file", admin.toString(), "takeover", "VI_9"}, // unknown: exit 1
                {"--target", target, "--token-file", admin.toString(), "release", "VI_9"},
                {"--target", "127.0.0.1:" + closed, "--timeout", "2", "status"}, // unreachable: exit 3
                {"--target", "127.0.0.1:" + closed, "--verbose", "status"},
                {"--target", "192.0.2.1:7112", "--token-file", admin.toString(), "status"}, // plain text: exit 2
                {"--target", "nowhere", "status"}, // not HOST:PORT: exit 2
                {"--target", target, "--token-file", dir.resolve("missing").toString(), "status"},
                {"--target", target, "--ca", dir.resolve("missing.crt").toString(), "status"},
                {"--target", target, "--cert", "c.crt", "status"},
            };
            for (String[] args : lines) {
                Run picocli = withoutUptime(viaPicocli(args));
                Run plain = withoutUptime(withoutPicocli(args));
                assertThat(plain).as(String.join(" ", args)).isEqualTo(picocli);
            }
        } finally {
            server.close();
        }
    }
}
