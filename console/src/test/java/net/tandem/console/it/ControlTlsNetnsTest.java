package net.tandem.console.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.tandem.agent.control.SecretFiles;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control API on the node's LAN address, as an operator would reach it from another machine:
 * the agent listens on 192.0.2.1:7112 with TLS (a throwaway CA made with openssl) and tokens, and
 * tandemctl runs in the client's namespace (192.0.2.100). Without TLS such a listener is refused at
 * start; with it, every call without the right token or trust is refused and changes nothing.
 */
class ControlTlsNetnsTest {
    static final String VIP1 = "192.0.2.8";
    static final String TARGET = "192.0.2.1:7112";
    /** An upper bound for what happens "soon", JVM start included: generous, so a loaded machine does not fail it. */
    static final Duration SETTLE = Duration.ofSeconds(20);

    @RegisterExtension
    static final Lab lab = new Lab(1);

    static Path ca;
    static Path otherCa;
    static Path adminToken;
    static Path readToken;
    static Path wrongToken;

    Node node1 = lab.node(1);
    Node client = lab.client();

    @BeforeAll
    static void throwawayPki() throws IOException {
        Path d = lab.dir();
        ca = certificateAuthority(d, "ca");
        otherCa = certificateAuthority(d, "other-ca");
        // The agent's certificate names its address, as tandemctl --target 192.0.2.1:7112 checks.
        Files.writeString(d.resolve("node1.ext"), "subjectAltName=IP:192.0.2.1\n");
        openssl(
                d,
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "node1.key",
                "-out",
                "node1.csr",
                "-subj",
                "/CN=node1");
        openssl(
                d,
                "x509",
                "-req",
                "-in",
                "node1.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "1",
                "-extfile",
                "node1.ext",
                "-out",
                "node1.pem");
        assertThat(Files.readString(d.resolve("node1.key")))
                .as("PKCS#8, as the agent reads it")
                .contains("BEGIN PRIVATE KEY");
        adminToken = SecretFiles.write(d.resolve("admin.token"), "admin-3f1c9a7e\n");
        readToken = SecretFiles.write(d.resolve("read.token"), "read-88b2d0c4\n");
        wrongToken = SecretFiles.write(d.resolve("wrong.token"), "admin-3f1c9a7f\n");
        TandemCtlRun.warmUp(lab.client());
    }

    private static Path certificateAuthority(Path d, String name) {
        openssl(
                d,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".pem",
                "-days",
                "1",
                "-subj",
                "/CN=tandem test " + name);
        return d.resolve(name + ".pem");
    }

    private static void openssl(Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("openssl"));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + ": exit " + p.exitValue() + "\n" + out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path config(String name, String controlBlock) {
        return lab.config("seed-dual-master/node1.conf", name, t -> controlBlock + "\n" + t);
    }

    @Test
    void aListenerOnTheLanAddressWithoutTlsIsRefusedAtStartBeforeAnyVipIsTouched() {
        AgentProcess agent = lab.agent(
                node1,
                config(
                        "plain.conf",
                        "tandem_control {\n    listen " + TARGET + "\n    admin_token_file " + adminToken + "\n}"));
        Lab.await(() -> !agent.isAlive(), Duration.ofSeconds(10), "the agent exits");
        assertThat(String.join("\n", agent.logLines()))
                .contains("listen " + TARGET + " is not a loopback address")
                .contains("needs TLS");
        assertThat(agent.dump()).doesNotContain("exit 0)");
        assertThat(lab.vipsOn(node1)).isEmpty();
    }

    @Test
    void fromTheClientOnlyTheRightTokenOverTrustedTlsIsObeyed() {
        Path dir = lab.dir();
        AgentProcess agent = lab.agent(
                node1,
                config(
                        "tls.conf",
                        "tandem_control {\n    listen " + TARGET
                                + "\n    tls_cert " + dir.resolve("node1.pem") + "\n    tls_key "
                                + dir.resolve("node1.key")
                                + "\n    admin_token_file " + adminToken + "\n    read_token_file " + readToken
                                + "\n}"));
        agent.awaitLog(
                Pattern.compile("control: listening on 192\\.0\\.2\\.1:7112 \\(TLS\\), tokens required"), SETTLE);
        lab.awaitVip(node1, VIP1, SETTLE);

        // The read token shows the status over TLS.
        JsonObject status = JsonParser.parseString(
                        ctl(readToken, ca, "status", "--json").out())
                .getAsJsonObject();
        assertThat(priorityOfVi1(status)).isEqualTo(100);

        // Refused, each with exit code 4 (not allowed), 3 (no trusted connection) or 2 (tandemctl will not send it).
        assertRefused(4, ctlRun(null, ca, "status"), "no token");
        assertRefused(4, ctlRun(null, ca, "priority", "VI_1", "200"), "no token");
        assertRefused(4, ctlRun(wrongToken, ca, "priority", "VI_1", "200"), "wrong token");
        TandemCtlRun read = ctlRun(readToken, ca, "priority", "VI_1", "200");
        assertRefused(4, read, "read token on a command");
        assertThat(read.err()).contains("admin token");
        TandemCtlRun plain = ctlRun(null, null, "--timeout", "3", "status");
        assertRefused(3, plain, "plain text to a TLS port");
        assertThat(plain.err()).contains("expects TLS", "--ca").doesNotContain("Network closed");
        TandemCtlRun plainToken = ctlRun(adminToken, null, "priority", "VI_1", "200");
        assertRefused(2, plainToken, "the token in plain text to a LAN address, refused before connecting");
        assertThat(plainToken.err()).contains("not sending the token in plain text", "--ca");
        TandemCtlRun foreign = ctlRun(adminToken, otherCa, "--timeout", "3", "priority", "VI_1", "200");
        assertRefused(3, foreign, "a server certificate from another CA");
        assertThat(foreign.err())
                .contains("not signed by the CA in --ca " + otherCa)
                .doesNotContain("PKIX", "Exception", "is the agent running");
        assertThat(agent.hasLog(Pattern.compile("VI_1: priority 100 -> ")))
                .as("a refused call changed the priority")
                .isFalse();
        assertThat(agent.hasLog(Pattern.compile("audit: .*peer=192\\.0\\.2\\.100:\\d+ role=READ method=SetPriority .*"
                        + "result=PERMISSION_DENIED")))
                .isTrue();

        // The admin token is obeyed, and the audit log says who asked, from where.
        assertThat(ctl(adminToken, ca, "priority", "VI_1", "200").out()).contains("VI_1: priority overridden to 200");
        agent.awaitLog(Pattern.compile("VI_1: priority 100 -> 200"), Duration.ofSeconds(1));
        assertThat(agent.hasLog(Pattern.compile(
                        "audit: .*peer=192\\.0\\.2\\.100:\\d+ role=ADMIN method=SetPriority " + ".*result=OK")))
                .isTrue();
        status = JsonParser.parseString(ctl(readToken, ca, "status", "--json").out())
                .getAsJsonObject();
        assertThat(priorityOfVi1(status)).isEqualTo(200);
    }

    private static int priorityOfVi1(JsonObject status) {
        for (JsonElement e : status.getAsJsonArray("instances")) {
            if (e.getAsJsonObject().get("name").getAsString().equals("VI_1")) {
                return e.getAsJsonObject().get("effectivePriority").getAsInt();
            }
        }
        throw new AssertionError("no VI_1 in " + status);
    }

    private static void assertRefused(int exitCode, TandemCtlRun run, String why) {
        assertThat(run.exitCode()).as(why + ": exit code; stderr: " + run.err()).isEqualTo(exitCode);
        assertThat(run.out()).as(why + ": nothing on stdout").isEmpty();
    }

    private TandemCtlRun ctl(Path token, Path trust, String... command) {
        TandemCtlRun r = ctlRun(token, trust, command);
        assertThat(r.exitCode())
                .as("tandemctl " + String.join(" ", command) + ": " + r.err())
                .isZero();
        return r;
    }

    /** tandemctl in the client's namespace against node1's LAN address. */
    private TandemCtlRun ctlRun(Path token, Path trust, String... command) {
        List<String> args = new ArrayList<>(List.of("--target", TARGET));
        if (token != null) {
            args.addAll(List.of("--token-file", token.toString()));
        }
        if (trust != null) {
            args.addAll(List.of("--ca", trust.toString()));
        }
        args.addAll(List.of(command));
        return TandemCtlRun.in(client, args.toArray(String[]::new));
    }
}
