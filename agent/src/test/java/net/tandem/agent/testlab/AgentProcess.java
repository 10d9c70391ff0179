package net.tandem.agent.testlab;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * A Tandem agent ({@code tandem-agent -f CONF}) in a node's namespace. It runs from the test's own
 * classpath (target/classes and the dependencies surefire resolved) with the test's java binary,
 * so it works from surefire before any jar is packaged and needs no launcher build.
 */
public final class AgentProcess extends LoggedProcess {

    private AgentProcess(String name, List<String> argv, Path log) {
        super(name, argv, log);
    }

    /**
     * Waits for a log line after {@code fromLine} matching {@code pattern} and returns when the agent
     * logged it (the line's own timestamp, millisecond precision): protocol timings measured this
     * way do not include the test's polling.
     */
    public Instant awaitLogTime(int fromLine, Pattern pattern, Duration timeout) {
        String line = awaitLog(fromLine, pattern, timeout);
        return Instant.parse(line.substring(0, line.indexOf(' ')));
    }

    public static AgentProcess start(Node node, Path config, Path log) {
        return start(node, config, log, List.of());
    }

    /**
     * @param options more command-line options, after {@code -f CONF} (e.g. {@code --run-dir DIR}); without
     *     {@code --run-dir}, the node's own ({@link Node#runDir()}), where its control socket goes
     */
    public static AgentProcess start(Node node, Path config, Path log, List<String> options) {
        return start(node, config, log, options, List.of());
    }

    /**
     * @param jvmOptions more JVM options, before the main class (e.g. {@code -Xlog:gc} for the soak)
     */
    public static AgentProcess start(Node node, Path config, Path log, List<String> options, List<String> jvmOptions) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> argv = new java.util.ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                node.namespace(),
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--add-opens",
                "java.base/jdk.internal.misc=ALL-UNNAMED", // as bin/tandem-agent: real-time signals
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xss512k"));
        argv.addAll(jvmOptions);
        argv.addAll(List.of(
                "-cp", System.getProperty("java.class.path"), "net.tandem.agent.Main", "-f", config.toString()));
        argv.addAll(options);
        if (!options.contains("--run-dir")) {
            argv.addAll(List.of("--run-dir", node.runDir().toString()));
        }
        return new AgentProcess("agent@" + node.name(), argv, log);
    }
}
