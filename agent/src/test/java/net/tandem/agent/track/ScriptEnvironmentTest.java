package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.tandem.agent.linux.SafeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script inherits neither the agent's environment nor its capabilities. */
class ScriptEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void aScriptSeesAFreshMinimalEnvironment() throws Exception {
        Path out = dir.resolve("env");
        ScriptRunner.Outcome o =
                ProcessScriptRunner.runNow("chk", List.of("/bin/sh", "-c", "env > " + out), Duration.ofSeconds(10));
        assertThat(o.exitCode()).isZero();

        Map<String, String> seen = Files.readAllLines(out).stream()
                .filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        Set<String> shellMade = Set.of("PWD", "SHLVL", "_", "OLDPWD");
        assertThat(seen).containsEntry("PATH", ScriptEnvironment.PATH);
        assertThat(seen.keySet())
                .allSatisfy(k -> assertThat(k).isIn(union(Set.of("PATH", "LANG", "LC_ALL", "TZ"), shellMade)));
        // The test's own environment has more (HOME, JAVA_HOME ...): none of it may pass.
        assertThat(System.getenv().keySet()).anySatisfy(k -> assertThat(seen).doesNotContainKey(k));
    }

    @Test
    void onlyANonRootAgentWithCapabilitiesToGiveDropsThem() {
        String withAmbient = "Name:\tjava\nCapInh:\t0000000000003000\nCapAmb:\t0000000000003000\n";
        String none = "Name:\tjava\nCapInh:\t0000000000000000\nCapAmb:\t0000000000000000\n";
        assertThat(ScriptEnvironment.passesCapabilities(998, withAmbient)).isTrue();
        assertThat(ScriptEnvironment.passesCapabilities(998, none)).isFalse();
        assertThat(ScriptEnvironment.passesCapabilities(0, withAmbient)).isFalse(); // root's children are root
        assertThat(ProcessScriptRunner.command(List.of("chk.sh"), ScriptEnvironment.DROP_CAPABILITIES))
                .containsExactly("setsid", "setpriv", "--inh-caps=-all", "--ambient-caps=-all", "chk.sh");
    }

    /**
     * As the non-root unit runs the agent: uid 65534 holding CAP_NET_ADMIN as an ambient capability.
     * Without the prefix its script would hold CAP_NET_ADMIN too; with it, nothing.
     */
    @Test
    void theDropPrefixLeavesAScriptOfACapableNonRootAgentWithNoCapability() throws Exception {
        assumeThat(SafeFiles.ourUid())
                .as("needs root to start a non-root process with capabilities")
                .isZero();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // let uid 65534 through
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(ambientOfScript(shared.resolve("without"), List.of())).isNotEqualTo("0000000000000000");
        assertThat(ambientOfScript(shared.resolve("with"), ScriptEnvironment.DROP_CAPABILITIES))
                .isEqualTo("0000000000000000");
    }

    private static String ambientOfScript(Path out, List<String> prefix) throws Exception {
        List<String> argv = new ArrayList<>(List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--inh-caps=+net_admin",
                "--ambient-caps=+net_admin"));
        argv.addAll(ProcessScriptRunner.command(
                List.of("/bin/sh", "-c", "grep CapAmb /proc/self/status > " + out), prefix));
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return Files.readString(out).replace("CapAmb:", "").strip();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
