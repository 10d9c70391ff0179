package net.tandem.agent.testlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.Test;

class TestNetworkTest {

    @Test
    void nodesHangOffTheBridgeAndCloseRemovesEverything() {
        List<String> namespaces;
        try (TestNetwork net = TestNetwork.create()) {
            Node node1 = net.addNode();
            Node node2 = net.addNode();
            Node client = net.addClient();

            assertThat(node1.address().getHostAddress()).isEqualTo("192.0.2.1");
            assertThat(node2.address().getHostAddress()).isEqualTo("192.0.2.2");
            assertThat(client.address().getHostAddress()).isEqualTo("192.0.2.100");
            assertThat(net.exec(net.bridgeNamespace(), "ip", "-o", "link", "show", "master", "br0")
                            .lines())
                    .hasSize(3)
                    .allMatch(l -> l.contains("state UP"));
            assertThat(net.exec(node2, "ip", "-o", "-4", "addr", "show", "dev", "eth0"))
                    .contains("inet 192.0.2.2/24");
            assertThat(net.mac(node1)).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            namespaces = List.of(net.bridgeNamespace(), node1.namespace(), node2.namespace(), client.namespace());
            assertThat(namespaces).allMatch(ns -> Files.exists(Path.of("/run/netns", ns)));
        }
        assertThat(namespaces).noneMatch(ns -> Files.exists(Path.of("/run/netns", ns)));
    }

    @Test
    void namespacesLeftByADeadRunAreRemoved() {
        TestNetwork.assumeUsable();
        String stale = TestNetwork.PREFIX + "999999999-1-br"; // no such pid
        String mine = TestNetwork.PREFIX + ProcessHandle.current().pid() + "-999-br";
        exec("ip", "netns", "add", stale);
        exec("ip", "netns", "add", mine);
        try {
            TestNetwork.removeStale();

            assertThat(Path.of("/run/netns", stale)).doesNotExist();
            assertThat(Path.of("/run/netns", mine)).exists();
        } finally {
            exec("ip", "netns", "delete", mine);
        }
    }

    private static void exec(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
