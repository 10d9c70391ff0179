package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void checkOfTheSeedConfigExitsZero() {
        assertThat(run("-f", "../conf/seed-dual-master/node1.conf", "--check")).isZero();
        assertThat(out.toString())
                .isEqualTo("../conf/seed-dual-master/node1.conf: 2 instances, 0 errors, 0 warnings\n"
                        + "migration: 10 keywords honoured, 0 accepted with warnings (ignored), 0 refused\n");
    }

    @Test
    void authTypeAhStopsTheStartBeforeAnythingIsTouched(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("ah.conf");
        Files.writeString(
                conf,
                "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n authentication {\n"
                        + "  auth_type AH\n  auth_pass secret\n }\n virtual_ipaddress {\n  192.0.2.8\n }\n}\n");

        assertThat(run("-f", conf.toString())).isEqualTo(Main.CONFIG_ERRORS);
        assertThat(err.toString())
                .startsWith(conf + ":5:3: error: auth_type AH: refused: IP Authentication Header was removed from"
                        + " VRRP by RFC 3768")
                .contains("use \"auth_type PASS\" or remove the authentication block (none)")
                .contains("has errors; not starting");
    }

    @Test
    void checkExplainListsTheKeywordsOfTheFile() {
        assertThat(run("-f", "../conf/seed-dual-master/node1.conf", "--check", "--explain"))
                .isZero();
        assertThat(out.toString())
                .contains("../conf/seed-dual-master/node1.conf:")
                .contains(": honoured: vrrp_instance virtual_router_id: the VRID, 1..255\n")
                .endsWith("migration: 10 keywords honoured, 0 accepted with warnings (ignored), 0 refused\n");
    }

    @Test
    void checkOfAMissingFileExitsOne() {
        assertThat(run("-f", "no-such.conf", "--check")).isEqualTo(1);
        assertThat(err.toString()).startsWith("no-such.conf:1:1: error: cannot read no-such.conf");
    }

    @Test
    void usageErrorExitsTwo() {
        assertThat(run("--check")).isEqualTo(2);
        assertThat(run("-f", "x.conf", "--bogus")).isEqualTo(2);
    }

    @Test
    void signumPrintsKeepalivedsSignalNumbersWithoutAConfigFile() {
        assertThat(run("--signum=DATA")).isZero();
        assertThat(run("--signum=STATS")).isZero();
        assertThat(run("--signum", "RELOAD")).isZero();
        assertThat(run("--signum=STOP")).isZero();
        assertThat(run("--signum=JSON")).isZero();
        assertThat(run("--signum=STATS_CLEAR")).isZero();
        // glibc on Linux: SIGRTMIN is 34 and SIGRTMAX 64 (keepalived --signum prints the same).
        assertThat(out.toString()).isEqualTo("10\n12\n1\n15\n36\n63\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void signumOfAnUnknownNameIsAUsageError() {
        assertThat(run("--signum=data")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .isEqualTo("tandem-agent: unknown signal function \"data\" for --signum;"
                        + " one of STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON\n");
    }

    @Test
    void runningWithABrokenConfigExitsOneWithoutStarting() throws Exception {
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("broken", ".conf");
        try {
            java.nio.file.Files.writeString(bad, "vrrp_instance VI_1 {\n    priority abc\n}\n");
            assertThat(run("-f", bad.toString())).isEqualTo(1);
            assertThat(err.toString()).contains(":2:14: error: priority").contains("not starting");
        } finally {
            java.nio.file.Files.delete(bad);
        }
    }

    @Test
    void theUsualCommandLinesAreParsedWithoutPicocli() {
        Main m = Main.parsePlain(new String[] {"-f", "a.conf", "--check", "--explain", "--run-dir=/tmp/r"});
        assertThat(m).isNotNull();
        assertThat(m.configFile).isEqualTo(Path.of("a.conf"));
        assertThat(m.check).isTrue();
        assertThat(m.explain).isTrue();
        assertThat(m.runDir).isEqualTo(Path.of("/tmp/r"));
        Main n = Main.parsePlain(
                new String[] {"--use-file=b.conf", "--debug", "--control", "127.0.0.1:9", "--run-dir", "/run/x"});
        assertThat(n.configFile).isEqualTo(Path.of("b.conf"));
        assertThat(n.debug).isTrue();
        assertThat(n.control).isEqualTo("127.0.0.1:9");
        assertThat(n.runDir).isEqualTo(Path.of("/run/x"));
        assertThat(Main.parsePlain(new String[] {"--signum=DATA"}).signum).isEqualTo("DATA");
    }

    @Test
    void everythingElseGoesToPicocliForItsUsageAndErrors() {
        for (String[] args : new String[][] {
            {},
            {"--help"},
            {"-h"},
            {"--version"},
            {"--check"},
            {"-f"},
            {"-f", "--check"},
            {"-fa.conf"},
            {"-f", "a.conf", "-f", "b.conf"},
            {"-f", "a.conf", "--bogus"},
            {"-f", "a.conf", "--check=true"},
            {"-f", "a.conf", "extra"},
            {"--run-dir", "/tmp/r"}
        }) {
            assertThat(Main.parsePlain(args)).as(String.join(" ", args)).isNull();
        }
    }
}
