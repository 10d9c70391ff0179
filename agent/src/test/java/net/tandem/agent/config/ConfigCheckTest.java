package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int check(String text) throws IOException {
        Path file = dir.resolve("x.conf");
        Files.writeString(file, text);
        return ConfigCheck.run(file, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void usableConfigWithAWarningExitsZeroAndSaysSo() throws IOException {
        int code = check("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n smtp_alert\n"
                + " virtual_ipaddress {\n  192.0.2.8\n }\n}\n");

        assertThat(code).isEqualTo(ConfigCheck.OK);
        assertThat(err.toString()).contains("x.conf:4:2: warning: vrrp_instance VI_1: smtp_alert:");
        assertThat(out.toString())
                .isEqualTo(dir.resolve("x.conf") + ": 1 instance, 0 errors, 1 warning\n"
                        + "migration: 4 keywords honoured, 1 accepted with warnings (ignored), 0 refused\n");
    }

    @Test
    void aNotifyFifoThatIsASymbolicLinkIsAnErrorAtCheck() throws IOException {
        java.nio.file.Path link =
                java.nio.file.Files.createSymbolicLink(dir.resolve("link.fifo"), dir.resolve("elsewhere"));
        int code = check("global_defs {\n notify_fifo " + link + "\n}\n");

        assertThat(code).isEqualTo(ConfigCheck.ERRORS);
        assertThat(err.toString())
                .contains("x.conf:2:2: error: notify_fifo " + link + ": is a symbolic link; give the FIFO's own path");
    }

    @Test
    void everyErrorIsPrintedAndTheExitCodeIsOne() throws IOException {
        int code = check("vrrp_instance VI_1 {\n priority abc\n}\nvrrp_instance VI_2 {\n"
                + " interface eth0\n virtual_router_id 256\n}\n");

        assertThat(code).isEqualTo(ConfigCheck.ERRORS);
        assertThat(err.toString().lines().filter(l -> l.contains(": error: "))).hasSize(4);
        assertThat(out.toString()).contains(": 2 instances, 4 errors, 2 warnings\n");
    }

    @Test
    void authTypeAhIsRefusedAtTheAuthTypeLineSayingToUsePassOrNone() throws IOException {
        int code = check("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n authentication {\n"
                + "  auth_type AH\n  auth_pass secret\n }\n virtual_ipaddress {\n  192.0.2.8\n }\n}\n");

        assertThat(code).isEqualTo(ConfigCheck.ERRORS);
        assertThat(err.toString())
                .isEqualTo(dir.resolve("x.conf") + ":5:3: error: auth_type AH: refused: IP Authentication Header was"
                        + " removed from VRRP by RFC 3768 and Tandem cannot send it; use \"auth_type PASS\" or remove"
                        + " the authentication block (none)\n");
    }

    @Test
    void aKeywordThatWouldChangeWhoIsMasterIsRefusedSayingWhatToDo() throws IOException {
        int code = check("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n nopreempt\n accept\n"
                + " virtual_ipaddress {\n  192.0.2.8\n }\n}\n");

        assertThat(code).isEqualTo(ConfigCheck.ERRORS);
        assertThat(err.toString())
                .contains("x.conf:5:2: error: vrrp_instance VI_1: accept: refused: remove it: Tandem always accepts");
        assertThat(out.toString())
                .endsWith("migration: 5 keywords honoured, 0 accepted with warnings (ignored), 1 refused\n");
    }

    @Test
    void explainListsEachKeywordOnceWithItsClassAndWhy() throws IOException {
        Path file = dir.resolve("x.conf");
        Files.writeString(
                file,
                "global_defs {\n enable_snmp_vrrp\n}\nvrrp_instance VI_1 {\n interface eth0\n"
                        + " virtual_router_id 51\n}\nvrrp_instance VI_2 {\n interface eth1\n"
                        + " virtual_router_id 52\n no_virtual_ipaddress\n}\n");

        int code = ConfigCheck.run(file, true, new PrintWriter(out), new PrintWriter(err));

        assertThat(code).isEqualTo(ConfigCheck.OK);
        assertThat(out.toString().lines())
                .containsExactly(
                        file + ":1:1: honoured: global_defs: global settings",
                        file + ":2:2: accepted with a warning (ignored): global_defs enable_snmp_vrrp: Tandem has no"
                                + " SNMP or D-Bus agent (use the control API or metrics_listen)",
                        file + ":4:1: honoured: vrrp_instance: a virtual router",
                        file + ":5:2: honoured: vrrp_instance interface: the interface VRRP runs on",
                        file + ":6:2: honoured: vrrp_instance virtual_router_id: the VRID, 1..255",
                        file + ":11:2: honoured: vrrp_instance no_virtual_ipaddress: an instance without VIPs is"
                                + " meant (notify only): no warning",
                        file + ": 2 instances, 0 errors, 2 warnings",
                        "migration: 5 keywords honoured, 1 accepted with warnings (ignored), 0 refused");
    }
}
