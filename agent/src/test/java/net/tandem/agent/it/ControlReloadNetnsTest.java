package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.tandem.agent.control.SecretFiles;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real agent reloads its {@code tandem_control} on SIGHUP: after a new admin token is written
 * to its token file, the old token is refused, the new one works, and the agent is the same
 * process that started (no restart), still Master.
 */
class ControlReloadNetnsTest {
    static final Duration SETTLE = Duration.ofSeconds(20);

    @RegisterExtension
    static final Lab lab = new Lab(1);

    @Test
    void aNewAdminTokenTakesEffectOnSighupWithoutARestart() throws Exception {
        Node node1 = lab.node(1);
        Path token = SecretFiles.write(lab.dir().resolve("admin.token"), "old-token-6b1f\n");
        Path conf = lab.config(
                "master-backup/node1.conf",
                "control-reload.conf",
                text -> text + "\ntandem_control {\n    listen 127.0.0.1:7112\n    admin_token_file " + token
                        + "\n}\n");
        AgentProcess agent = lab.agent(node1, conf);
        lab.awaitVip(node1, "192.0.2.8", SETTLE);
        String before = probe(node1, "old-token-6b1f");
        assertThat(before).startsWith("OK ");
        assertThat(probe(node1, "new-token-02d4")).isEqualTo("UNAUTHENTICATED");

        int mark = agent.mark();
        SecretFiles.write(token, "new-token-02d4\n");
        agent.signal("HUP");
        agent.awaitLog(mark, Pattern.compile("tandem_control: tokens replaced"), Duration.ofSeconds(10));

        assertThat(probe(node1, "old-token-6b1f")).isEqualTo("UNAUTHENTICATED");
        assertThat(probe(node1, "new-token-02d4"))
                .as("same start time: not restarted")
                .isEqualTo(before);
        assertThat(agent.isAlive()).isTrue();
        assertThat(agent.findLog(mark, Pattern.compile("VI_1: \\w+ -> "))).isEmpty();
        assertThat(lab.holds(node1, "192.0.2.8")).isTrue();
    }

    /** Runs {@link ControlProbe} in the node's namespace, where the agent listens on loopback. */
    static String probe(Node node, String token) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process p = new ProcessBuilder(List.of(
                        "ip",
                        "netns",
                        "exec",
                        node.namespace(),
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ControlProbe.class.getName(),
                        "7112",
                        token))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe did not finish: " + out);
        }
        List<String> lines = out.lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.getLast();
    }
}
