package net.tandem.console.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.LabScript;
import net.tandem.agent.testlab.TestNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as an operator would: {@code bin/tandem-lab up} (agents on their node addresses with
 * the lab's TLS certificates and tokens), {@code bin/tandem-lab console} in a real terminal (tmux)
 * inside the lab's client namespace, then {@code t} on VI_1's node2 row and {@code y}: the screen
 * and the kernel both show 192.0.2.8 moving from node1 to node2.
 *
 * <p>Needs root and tmux (installed with apt-get when root and missing; skipped loudly otherwise).
 * The lab has namespace names, a state directory and a tmux server of its own, and everything is
 * removed in a finally block, also when the scenario fails.
 */
class ConsoleTakeoverInTheLabTest {

    private static final String VIP_1 = "192.0.2.8";
    private static final String VIP_2 = "192.0.2.9";
    private static final Set<String> VIPS = Set.of(VIP_1, VIP_2);
    private static final String PREFIX = "tconsole-" + ProcessHandle.current().pid();
    private static final String EXITED = "[console exited with ";

    /** A table row: selection marker, instance, node, state. */
    private static final Pattern ROW = Pattern.compile("^([> ])(\\S+)\\s+(\\S+)\\s+(MASTER|BACKUP|FAULT|INIT)\\b.*");

    @TempDir
    Path tmp;

    @BeforeEach
    void needsRootTmuxAndOpenssl() {
        TestNetwork.assumeUsable(); // skips loudly without root or iproute2
        DebianPackages.require("tmux", "tmux");
        DebianPackages.require("openssl", "openssl");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a first run builds both modules; the scenario takes ~20 s
    void takeoverOfVi1OnNode2FromTheConsoleMovesTheVipOnScreenAndInTheKernel() {
        LabScript lab = new LabScript(PREFIX, tmp.resolve("lab"));
        assertThat(lab.namespaces())
                .as("namespaces left over from this process")
                .isEmpty();
        // Built before the clock starts: the launchers build what is missing, which takes minutes on a busy machine.
        lab.run(List.of(lab.top.resolve("bin/tandem-console").toString(), "--help"))
                .ok();

        Tmux tmux = null;
        Throwable failure = null;
        try {
            long start = System.nanoTime();
            lab.lab("up").ok();
            lab.awaitAddresses("node1", VIPS, Duration.ofSeconds(15), VIP_1);
            lab.awaitAddresses("node2", VIPS, Duration.ofSeconds(15), VIP_2);

            // Through the lab's own command, as a user runs it; the pane stays after the console exits,
            // saying how it ended.
            tmux = Tmux.start(
                    tmp.resolve("tmux.sock"),
                    120,
                    32,
                    lab.env(),
                    "'" + lab.top.resolve("bin/tandem-lab") + "' console; echo \"" + EXITED + "$?]\"; sleep 300");
            Tmux t = tmux;
            try {
                t.awaitScreen(
                        "VI_1 with node1 MASTER and node2 BACKUP",
                        Duration.ofSeconds(30),
                        s -> state(s, "VI_1", "node1").equals(Optional.of("MASTER"))
                                && state(s, "VI_1", "node2").equals(Optional.of("BACKUP")));

                select(t, "VI_1", "node2");
                t.press("t");
                t.awaitScreen(
                        "the takeover confirmation",
                        Duration.ofSeconds(5),
                        s -> s.contains("Make node2 MASTER of VI_1 now?"));
                t.press("y");

                t.awaitScreen(
                        "VI_1 with node2 MASTER and node1 BACKUP",
                        Duration.ofSeconds(10),
                        s -> state(s, "VI_1", "node2").equals(Optional.of("MASTER"))
                                && state(s, "VI_1", "node1").equals(Optional.of("BACKUP")));
                lab.awaitAddresses("node2", VIPS, Duration.ofSeconds(5), VIP_1, VIP_2);
                lab.awaitAddresses("node1", VIPS, Duration.ofSeconds(5));

                t.press("q");
                t.awaitScreen("the console's exit", Duration.ofSeconds(10), s -> s.contains(EXITED));
                assertThat(t.screen()).as("the console's exit status").contains(EXITED + "0]");
            } catch (AssertionError | RuntimeException e) {
                System.err.println("=== ConsoleTakeoverInTheLabTest failed; the console's screen was:\n"
                        + t.lastScreen() + "\n=== end of screen");
                throw e;
            }
            System.err.printf(
                    "ConsoleTakeoverInTheLabTest: the scenario took %.1f s%n", (System.nanoTime() - start) / 1e9);
        } catch (Throwable e) {
            failure = e;
            throw e;
        } finally {
            if (tmux != null) {
                tmux.close();
            }
            LabScript.Result down = lab.lab("down");
            List<String> left = lab.namespaces();
            if (down.exitCode() != 0 || !left.isEmpty()) {
                AssertionError notClean = new AssertionError(
                        "bin/tandem-lab down left " + left + " (exit " + down.exitCode() + "):\n" + down.output());
                if (failure == null) {
                    throw notClean;
                }
                failure.addSuppressed(notClean); // the scenario's failure is the one to read first
            }
        }
    }

    /** Moves the selection to the row of (instance, node), reading the screen to see where it is. */
    private static void select(Tmux t, String instance, String node) {
        String s = t.screen();
        List<String> rows = s.lines().filter(l -> ROW.matcher(l).matches()).toList();
        int target = -1;
        int selected = -1;
        for (int i = 0; i < rows.size(); i++) {
            Matcher m = ROW.matcher(rows.get(i));
            m.matches();
            if (m.group(2).equals(instance) && m.group(3).equals(node)) {
                target = i;
            }
            if (m.group(1).equals(">")) {
                selected = i;
            }
        }
        assertThat(target)
                .as("%s's row for %s on screen:%n%s", instance, node, s)
                .isNotNegative();
        assertThat(selected).as("a selected row (marked >) on screen:%n%s", s).isNotNegative();
        for (int i = selected; i != target; i += Integer.signum(target - selected)) {
            t.press(target > selected ? "Down" : "Up");
        }
        t.awaitScreen(
                instance + "'s row for " + node + " selected",
                Duration.ofSeconds(5),
                screen -> screen.lines()
                        .anyMatch(l -> l.startsWith(">" + instance + " ")
                                && l.matches(">" + Pattern.quote(instance) + "\\s+" + Pattern.quote(node) + "\\s.*")));
    }

    /** The STATE column of (instance, node), if the screen shows that row. */
    private static Optional<String> state(String screen, String instance, String node) {
        return screen.lines()
                .map(ROW::matcher)
                .filter(Matcher::matches)
                .filter(m -> m.group(2).equals(instance) && m.group(3).equals(node))
                .map(m -> m.group(4))
                .findFirst();
    }
}
