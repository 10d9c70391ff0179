package net.tandem.agent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * One scenario's LAN: nodes 192.0.2.1.. on a bridge (the test lab's {@link TestNetwork}), a capture
 * on the bridge, and the daemons started on it; closing it kills them all and removes the
 * namespaces, whatever happened.
 */
final class Lan implements AutoCloseable {
    final TestNetwork net;
    final List<Node> nodes = new ArrayList<>();
    final Path dir;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private Capture capture;

    Lan(int nodeCount, Path dir) {
        this.dir = dir;
        this.net = TestNetwork.create();
        try {
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(net.addNode());
            }
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    Node node(int n) {
        return nodes.get(n - 1);
    }

    Capture capture(String tag) {
        capture = own(Capture.start(net, dir, tag));
        return capture;
    }

    Daemon start(Impl impl, int node, Path config, String tag) {
        return own(Daemon.start(impl, node(node), config, dir, tag));
    }

    <T extends AutoCloseable> T own(T thing) {
        owned.add(thing);
        return thing;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                System.err.println("bench: cannot close " + owned.get(i) + ": " + e);
            }
        }
        net.close();
    }
}
