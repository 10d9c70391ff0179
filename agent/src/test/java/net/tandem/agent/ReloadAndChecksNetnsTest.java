package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real agents in network namespaces, real packets: a reload (SIGHUP) with the same file, with a
 * new priority, and with a broken file never interrupts the master's adverts (checked from a
 * tcpdump capture in the peer's namespace); and a failing vrrp_script moves the VIP to the peer
 * and back. Runs as root only (TestNetwork skips otherwise).
 *
 * <p>A minimal process harness lives here until the shared AgentProcess (branch "it") lands.
 */
class ReloadAndChecksNetnsTest {
    static final Pattern ADVERT = Pattern.compile(
            "^\\s*(\\d+):(\\d+):(\\d+\\.\\d+) IP 192\\.0\\.2\\.1 > 224\\.0\\.0\\.18: VRRPv2.*prio (\\d+)");

    static final String TRANSITION = "VI_1: (INITIALIZE|BACKUP|MASTER|FAULT) -> ";

    static TestNetwork net;
    static Node node1;
    static Node node2;

    @TempDir
    Path dir;

    final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void lan() {
        net = TestNetwork.create();
        node1 = net.addNode();
        node2 = net.addNode();
    }

    @AfterAll
    static void down() {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void killEverything() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static String config(int priority, Path failFlag) {
        return """
                vrrp_script chk_service {
                    script "sh -c 'test ! -e %s'"
                    interval 1
                    fall 2
                    rise 2
                    weight -60
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass tandem01
                    }
                    virtual_ipaddress {
                        192.0.2.8/24 dev eth0
                    }
                    track_script {
                        chk_service
                    }
                }
                """.formatted(failFlag, priority);
    }

    Process agent(Node node, Path conf, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process p = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        node.namespace(),
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "net.tandem.agent.Main",
                        "-f",
                        conf.toString(),
                        "--run-dir", // the node's own: two agents on one machine cannot share /run/tandem
                        node.runDir().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(p);
        return p;
    }

    static String awaitLog(Path log, String regex, int afterLines, Duration timeout) throws Exception {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            for (String l : lines.subList(Math.min(afterLines, lines.size()), lines.size())) {
                if (p.matcher(l).find()) {
                    return l;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line /" + regex + "/ within " + timeout + " in " + log + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    static int lines(Path log) throws IOException {
        return Files.readAllLines(log).size();
    }

    static void hup(Process p) throws Exception {
        new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    static boolean holds(Node node, String vip) {
        return net.exec(node, "ip", "-4", "-o", "addr", "show", "dev", "eth0").contains(" " + vip + "/");
    }

    /** Starts both agents; returns once node1 is Master. */
    Process[] startPair(Path conf1, Path log1, Path log2, Path flag) throws Exception {
        Files.writeString(conf1, config(150, flag));
        Path conf2 = dir.resolve("node2.conf");
        Files.writeString(conf2, config(100, flag.resolveSibling("never-created")));
        Process a1 = agent(node1, conf1, log1);
        Process a2 = agent(node2, conf2, log2);
        awaitLog(log1, "VI_1: BACKUP -> MASTER", 0, Duration.ofSeconds(20));
        awaitLog(log2, "VI_1: INITIALIZE -> BACKUP", 0, Duration.ofSeconds(20));
        return new Process[] {a1, a2};
    }

    @Test
    void sighupWithTheSameFileANewPriorityOrABrokenFileNeverInterruptsTheAdverts() throws Exception {
        Path conf1 = dir.resolve("node1.conf");
        Path log1 = dir.resolve("node1.log");
        Path log2 = dir.resolve("node2.log");
        Path flag = dir.resolve("fail");
        Process a1 = startPair(conf1, log1, log2, flag)[0];
        Path capture = dir.resolve("capture.txt");
        Process tcpdump = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        node2.namespace(),
                        "tcpdump",
                        "-i",
                        "eth0",
                        "-n",
                        "-l",
                        "-ttt",
                        "ip proto 112 and src 192.0.2.1")
                .redirectOutput(capture.toFile())
                .redirectError(dir.resolve("tcpdump.err").toFile())
                .start();
        processes.add(tcpdump);
        Thread.sleep(3000);
        int transitionsBefore = count(log1, TRANSITION);
        // Both agents start at once: node2 may be Master for a moment before node1's first advert.
        int node2MastersBefore = count(log2, "VI_1: [A-Z]+ -> MASTER");

        int mark = lines(log1);
        hup(a1);
        awaitLog(log1, "reloaded .*: 1 unchanged", mark, Duration.ofSeconds(10));
        Thread.sleep(2500);

        mark = lines(log1);
        Files.writeString(conf1, config(160, flag));
        hup(a1);
        awaitLog(log1, "VI_1: updated in place: priority 150 -> 160", mark, Duration.ofSeconds(10));
        Thread.sleep(2500);

        mark = lines(log1);
        Files.writeString(conf1, config(170, flag).replace("priority 170", "priority abc"));
        hup(a1);
        awaitLog(log1, "reload rejected: .*1 error", mark, Duration.ofSeconds(10));
        Thread.sleep(2500);

        tcpdump.destroy();
        tcpdump.waitFor(5, TimeUnit.SECONDS);
        List<double[]> adverts = new ArrayList<>(); // {gap seconds, priority}
        for (String l : Files.readAllLines(capture)) {
            Matcher m = ADVERT.matcher(l);
            if (m.find()) {
                adverts.add(new double[] {
                    Integer.parseInt(m.group(1)) * 3600
                            + Integer.parseInt(m.group(2)) * 60
                            + Double.parseDouble(m.group(3)),
                    Integer.parseInt(m.group(4))
                });
            }
        }
        assertThat(adverts)
                .as("adverts captured:\n%s", Files.readString(capture))
                .hasSizeGreaterThan(8);
        double largestGap =
                adverts.stream().skip(1).mapToDouble(a -> a[0]).max().orElseThrow();
        assertThat(largestGap).as("largest gap between node1's adverts (s)").isLessThan(1.5);
        assertThat(adverts.getFirst()[1]).isEqualTo(150);
        assertThat(adverts.getLast()[1])
                .as("the rejected file left priority 160")
                .isEqualTo(160);

        assertThat(a1.isAlive()).isTrue();
        assertThat(count(log1, TRANSITION))
                .as("no transition on node1 through three reloads")
                .isEqualTo(transitionsBefore);
        assertThat(count(log2, "VI_1: [A-Z]+ -> MASTER"))
                .as("node2 became Master during the reloads")
                .isEqualTo(node2MastersBefore);
        assertThat(holds(node1, "192.0.2.8")).isTrue();
    }

    @Test
    void aFailingCheckMovesTheVipToThePeerAndBackAfterRise() throws Exception {
        Path conf1 = dir.resolve("node1.conf");
        Path log1 = dir.resolve("node1.log");
        Path log2 = dir.resolve("node2.log");
        Path flag = dir.resolve("fail");
        startPair(conf1, log1, log2, flag);
        awaitLog(log1, "chk_service: now returning exit 0", 0, Duration.ofSeconds(10));
        assertThat(holds(node1, "192.0.2.8")).isTrue();

        long failedAt = System.nanoTime();
        Files.writeString(flag, "");
        // fall × interval + node2's Master_Down_Interval (3 + 156/256 s), plus 0.5 s for the scheduler
        double bound = 2 + 3.61 + 0.5;
        double movedAfter = waitFor(() -> holds(node2, "192.0.2.8"), failedAt, bound + 5);
        assertThat(movedAfter).as("seconds until node2 holds the VIP").isLessThan(bound);
        // node1 drops it when it hears node2's first advert, a moment after node2 added it
        waitFor(() -> !holds(node1, "192.0.2.8"), System.nanoTime(), 1);
        awaitLog(log1, "chk_service failed \\(exit 1, 2 in a row\\)", 0, Duration.ofSeconds(1));

        long fixedAt = System.nanoTime();
        Files.delete(flag);
        // rise × interval + node1's Master_Down_Interval (3 + 106/256 s), plus 0.5 s
        double back = waitFor(() -> holds(node1, "192.0.2.8"), fixedAt, 2 + 3.42 + 0.5 + 5);
        assertThat(back).as("seconds until node1 holds the VIP again").isLessThan(2 + 3.42 + 0.5);
        waitFor(() -> !holds(node2, "192.0.2.8"), System.nanoTime(), 2);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static double waitFor(Check c, long since, double maxSeconds) throws Exception {
        while ((System.nanoTime() - since) / 1e9 < maxSeconds) {
            if (c.ok()) {
                return (System.nanoTime() - since) / 1e9;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within " + maxSeconds + " s");
    }

    /** Log lines matching {@code regex} (anywhere in the line). */
    static int count(Path log, String regex) throws IOException {
        Pattern p = Pattern.compile(regex);
        return (int) Files.readAllLines(log).stream()
                .filter(l -> p.matcher(l).find())
                .count();
    }
}
