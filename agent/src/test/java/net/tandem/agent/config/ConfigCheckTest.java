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
        int code = check("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n smtp_alert\n}\n");

        assertThat(code).isEqualTo(ConfigCheck.OK);
        assertThat(err.toString()).contains("x.conf:4:2: warning: vrrp_instance VI_1: smtp_alert:");
        assertThat(out.toString()).isEqualTo(dir.resolve("x.conf") + ": 1 instance, 0 errors, 1 warning\n");
    }

    @Test
    void everyErrorIsPrintedAndTheExitCodeIsOne() throws IOException {
        int code = check("vrrp_instance VI_1 {\n priority abc\n}\nvrrp_instance VI_2 {\n"
                + " interface eth0\n virtual_router_id 256\n}\n");

        assertThat(code).isEqualTo(ConfigCheck.ERRORS);
        assertThat(err.toString().lines()).hasSize(4);
        assertThat(out.toString()).endsWith(": 2 instances, 4 errors, 0 warnings\n");
    }
}
