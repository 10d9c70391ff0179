package net.tandem.console.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.ControlServer;
import net.tandem.agent.control.FakeControlTarget;
import net.tandem.agent.control.SecretFiles;
import net.tandem.agent.control.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tandemctl end to end: the real command line against a real control server on 127.0.0.1 and a fake agent. */
class TandemCtlTest {

    private static final String ADMIN = "admin-0c1d2e3f";
    private static final String READ = "read-4a5b6c7d";

    @TempDir
    Path dir;

    private final FakeControlTarget agent = new FakeControlTarget();
    private ControlServer server;
    private String target;
    private Path adminToken;
    private Path readToken;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        adminToken = SecretFiles.write(dir.resolve("admin.token"), ADMIN + "\n");
        readToken = SecretFiles.write(dir.resolve("read.token"), READ + "\n");
        server = new ControlServer(
                new ControlConfig(
                        new InetSocketAddress("127.0.0.1", 0),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(adminToken),
                        Optional.of(readToken),
                        Optional.empty(),
                        Optional.empty()),
                agent);
        server.start();
        target = "127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int tandemctl(String... args) {
        // As main runs it: the usual command lines without picocli (PlainCommandLineTest compares the two ways).
        return TandemCtl.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void statusJsonParsesAndHasEveryField() {
        int code = tandemctl("--target", target, "--token-file", readToken.toString(), "status", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonObject status = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertThat(status.keySet()).containsExactlyInAnyOrder("node", "instances", "takenAt");
        assertThat(status.getAsJsonObject("node").keySet())
                .containsExactlyInAnyOrder(
                        "routerId", "version", "startedAt", "uptime", "maintenance", "configFile", "configLoadedAt");

        JsonObject vi1 = status.getAsJsonArray("instances").get(0).getAsJsonObject();
        JsonObject vi2 = status.getAsJsonArray("instances").get(1).getAsJsonObject();
        Set<String> keys = new TreeSet<>(vi1.keySet());
        keys.addAll(vi2.keySet());
        assertThat(keys)
                .containsExactlyInAnyOrder(
                        "name",
                        "interface",
                        "vrid",
                        "version",
                        "state",
                        "inState",
                        "lastReason",
                        "basePriority",
                        "effectivePriority",
                        "trackers",
                        "overridePriority",
                        "overrideReason",
                        "vips",
                        "advertisementInterval",
                        "masterAdverInterval",
                        "skewTime",
                        "masterDownInterval",
                        "masterDownRemaining",
                        "masterAddress",
                        "masterPriority",
                        "lastAdvertReceivedAgo",
                        "lastAdvertSentAgo",
                        "advertJitter",
                        "mastersHeard",
                        "splitBrain",
                        "stats");
        assertThat(vi1.getAsJsonObject("stats").keySet())
                .containsExactlyInAnyOrder(
                        "adverTx",
                        "adverRx",
                        "transitions",
                        "becomeMaster",
                        "releaseMaster",
                        "garpTx",
                        "priZeroTx",
                        "priZeroRx",
                        "discards",
                        "masterAdverIntervalChanges",
                        "lowerPriorityAnswersLimited");
        assertThat(vi1.getAsJsonArray("trackers").get(0).getAsJsonObject().keySet())
                .containsExactlyInAnyOrder("kind", "name", "ok", "weight", "contribution");
        assertThat(vi1.getAsJsonArray("vips").get(0).getAsJsonObject().keySet())
                .containsExactlyInAnyOrder("address", "interface", "presentInKernel");

        assertThat(vi1.get("name").getAsString()).isEqualTo("VI_1");
        assertThat(vi1.get("state").getAsString()).isEqualTo("MASTER");
        assertThat(vi1.get("effectivePriority").getAsInt()).isEqualTo(150);
        assertThat(vi1.get("masterDownInterval").getAsString()).isEqualTo("3.414062500s");
        assertThat(vi1.getAsJsonObject("stats").get("adverTx").getAsString()).isEqualTo("61");
        assertThat(vi1.getAsJsonObject("stats")
                        .getAsJsonObject("discards")
                        .get("IP_TTL")
                        .getAsString())
                .isEqualTo("3");
        assertThat(vi2.get("masterDownRemaining").getAsString()).isEqualTo("2.100s");
    }

    @Test
    void statusForPeopleIsACompactTable() {
        assertThat(tandemctl("--target", target, "--token-file", readToken.toString(), "status"))
                .isZero();

        assertThat(out.toString().lines())
                .element(0)
                .asString()
                .startsWith("node1  tandem 0.1.0  up ")
                .contains("maintenance off")
                .endsWith("config /etc/tandem/node1.conf (loaded 2026-05-01T10:00:01Z)");
        assertThat(out.toString().lines().skip(1))
                .containsExactly(
                        "INSTANCE  STATE   IF    VRID  PRIO       MASTER           ADVERT RX  VIPS          REASON",
                        "VI_1      MASTER  eth0  51    100->150*  192.0.2.1 (150)  2.5s ago   192.0.2.8/32  master down timer"
                                + " expired",
                        "VI_2      BACKUP  eth0  52    90->90     192.0.2.2 (100)  0.3s ago   192.0.2.9/32  higher priority"
                                + " advert from 192.0.2.2");
    }

    @Test
    void anIpv6InstanceShowsItsVipsAndMasterCompressed() {
        agent.dualStack = true;

        assertThat(tandemctl("--target", target, "--token-file", readToken.toString(), "status"))
                .isZero();
        assertThat(out.toString().lines())
                .anyMatch(l -> l.matches("VI_1_v6\\s+MASTER\\s+eth0\\s+51\\s+150->150\\s+"
                        + "fe80::f069:33ff:febb:b16e \\(150\\)\\s+never\\s+2001:db8::8/128\\s+.*"));

        out.getBuffer().setLength(0);
        assertThat(tandemctl("--target", target, "--token-file", readToken.toString(), "status", "--json"))
                .isZero();
        JsonObject v6 = JsonParser.parseString(out.toString())
                .getAsJsonObject()
                .getAsJsonArray("instances")
                .get(2)
                .getAsJsonObject();
        assertThat(v6.get("name").getAsString()).isEqualTo("VI_1_v6");
        assertThat(v6.get("version").getAsInt()).isEqualTo(3);
        assertThat(v6.get("masterAddress").getAsString()).isEqualTo(FakeControlTarget.VI1_V6_SOURCE);
        assertThat(v6.getAsJsonArray("vips")
                        .get(0)
                        .getAsJsonObject()
                        .get("address")
                        .getAsString())
                .isEqualTo("2001:db8::8/128");
    }

    @Test
    void statusSaysSplitBrainOnALineOfItsOwn() {
        agent.splitBrain = true;

        assertThat(tandemctl("--target", target, "--token-file", readToken.toString(), "status"))
                .isZero();

        assertThat(out.toString().lines())
                .last()
                .isEqualTo("SPLIT BRAIN: VI_1 has two masters at once: 192.0.2.2 (priority 90), this node");
    }

    @Test
    void commandsReachTheAgentWithTheAdminToken() {
        String[] base = {"--target", target, "--token-file", adminToken.toString()};

        assertThat(tandemctl(concat(base, "takeover", "VI_1"))).isZero();
        assertThat(tandemctl(concat(base, "release", "VI_2"))).isZero();
        assertThat(tandemctl(concat(base, "priority", "VI_1", "200"))).isZero();
        assertThat(tandemctl(concat(base, "priority", "VI_1", "--clear"))).isZero();
        assertThat(tandemctl(concat(base, "maintenance", "on"))).isZero();
        assertThat(tandemctl(concat(base, "reload"))).isZero();

        assertThat(agent.calls)
                .containsExactly(
                        "takeover VI_1",
                        "release VI_2",
                        "setPriority VI_1 200",
                        "clearPriority VI_1",
                        "setMaintenance on",
                        "reload");
        assertThat(out.toString()).startsWith("VI_1: takeover done\n");
    }

    @Test
    void aRefusedCommandExitsOneWithTheAgentsMessage() {
        int code = tandemctl("--target", target, "--token-file", adminToken.toString(), "takeover", "VI_9");

        assertThat(code).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).isEqualTo("tandemctl: unknown instance \"VI_9\"; instances: VI_1, VI_2\n");
    }

    @Test
    void theReadTokenOnACommandExitsFourAndChangesNothing() {
        int code = tandemctl("--target", target, "--token-file", readToken.toString(), "takeover", "VI_1");

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString())
                .isEqualTo("tandemctl: " + target + ": not allowed: the read token allows status"
                        + " and events only; Takeover needs the admin token\n");
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void noTokenExitsFour() {
        assertThat(tandemctl("--target", target, "status")).isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void anAgentThatIsNotThereExitsThree() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }

        int code = tandemctl("--target", "127.0.0.1:" + port, "status");

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).startsWith("tandemctl: 127.0.0.1:" + port + ": unreachable: ");
    }

    @Test
    void aTokenIsNotSentInPlainTextToAnAddressThatIsNotLoopback() {
        // 192.0.2.1 (TEST-NET-1) is never connected to: the refusal comes before any channel is built.
        int code = tandemctl("--target", "192.0.2.1:7112", "--token-file", adminToken.toString(), "status");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .isEqualTo("tandemctl: not sending the token in plain text to 192.0.2.1:7112, which is not a"
                        + " loopback address: use TLS (pass --ca with the CA that signed the agent's certificate)\n")
                .doesNotContain(ADMIN);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aUsageErrorExitsTwo() {
        assertThat(tandemctl("--target", target, "priority", "VI_1")).isEqualTo(ExitCodes.USAGE);
        assertThat(tandemctl("--target", target, "maintenance", "maybe")).isEqualTo(ExitCodes.USAGE);
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void aReloadOfABadFileExitsOneAndPrintsItsErrors() {
        agent.reloadResult = new net.tandem.agent.control.ControlTarget.ReloadResult(
                false,
                java.util.List.of(
                        "/etc/tandem/node1.conf:7:14: error: priority: expected an integer 1..255," + " got \"abc\""),
                "not reloaded: 1 error");

        int code = tandemctl("--target", target, "--token-file", adminToken.toString(), "reload");

        assertThat(code).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString())
                .isEqualTo("/etc/tandem/node1.conf:7:14: error: priority: expected an integer"
                        + " 1..255, got \"abc\"\nnot reloaded: 1 error\n");
    }

    @Test
    void completionPrintsABashScript() {
        assertThat(tandemctl("completion")).isZero();
        assertThat(out.toString()).contains("complete -F").contains("tandemctl");
    }

    @Test
    void mutualTlsWithCaCertAndKey() throws Exception {
        TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("pki")));
        try (ControlServer tls = new ControlServer(
                new ControlConfig(
                        new InetSocketAddress("127.0.0.1", 0),
                        Optional.of(certs.serverCert),
                        Optional.of(certs.serverKey),
                        Optional.of(certs.ca),
                        Optional.of(adminToken),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                agent)) {
            tls.start();
            String tlsTarget = "127.0.0.1:" + tls.address().getPort();

            int code = tandemctl(
                    "--target",
                    tlsTarget,
                    "--ca",
                    certs.ca.toString(),
                    "--cert",
                    certs.clientCert.toString(),
                    "--key",
                    certs.clientKey.toString(),
                    "--token-file",
                    adminToken.toString(),
                    "status",
                    "--json");
            assertThat(code).as(err.toString()).isZero();
            JsonElement parsed = JsonParser.parseString(out.toString());
            assertThat(parsed.getAsJsonObject()
                            .getAsJsonObject("node")
                            .get("routerId")
                            .getAsString())
                    .isEqualTo("node1");

            assertThat(tandemctl(
                            "--target",
                            tlsTarget,
                            "--ca",
                            certs.ca.toString(),
                            "--token-file",
                            adminToken.toString(),
                            "status"))
                    .as("without a client certificate")
                    .isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(err.toString())
                    .startsWith("tandemctl: " + tlsTarget + ": TLS failed: the agent ended the handshake")
                    .contains("give --cert and --key");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
