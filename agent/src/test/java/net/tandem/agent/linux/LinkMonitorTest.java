package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.tandem.agent.linux.NetlinkEvent.AddressEvent;
import net.tandem.agent.linux.NetlinkEvent.LinkEvent;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinkMonitorTest {

    private static TestNetwork net;
    private static Node node1;

    @BeforeAll
    static void lan() {
        net = TestNetwork.create();
        node1 = net.addNode();
    }

    @AfterAll
    static void removeLan() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void eth0GoingDownAndUpIsReported() throws Exception {
        BlockingQueue<NetlinkEvent> events = new LinkedBlockingQueue<>();
        try (LinkMonitor _ = Netns.call(node1.namespace(), () -> LinkMonitor.start(events::add))) {
            net.linkDown(node1);
            LinkEvent down = await(events, LinkEvent.class, e -> e.name().equals("eth0") && !e.up());
            assertThat(down.removed()).isFalse();

            net.linkUp(node1);
            LinkEvent up = await(events, LinkEvent.class, e -> e.name().equals("eth0") && e.up());
            assertThat(up.ifindex()).isEqualTo(down.ifindex());
        } finally {
            net.linkUp(node1);
        }
    }

    @Test
    void aVipAddedAndDeletedBehindOurBackIsReported() throws Exception {
        BlockingQueue<NetlinkEvent> events = new LinkedBlockingQueue<>();
        try (LinkMonitor _ = Netns.call(node1.namespace(), () -> LinkMonitor.start(events::add))) {
            net.exec(node1, "ip", "addr", "add", "192.0.2.8/32", "dev", "eth0", "label", "eth0:vi1");
            AddressEvent added = await(
                    events,
                    AddressEvent.class,
                    e -> e.address().address().getHostAddress().equals("192.0.2.8"));
            assertThat(added.added()).isTrue();
            assertThat(added.address().label()).isEqualTo("eth0:vi1");
            assertThat(added.address().prefixLength()).isEqualTo(32);

            net.exec(node1, "ip", "addr", "del", "192.0.2.8/32", "dev", "eth0");
            AddressEvent deleted = await(
                    events,
                    AddressEvent.class,
                    e -> e.address().address().getHostAddress().equals("192.0.2.8"));
            assertThat(deleted.added()).isFalse();
        }
    }

    @Test
    void closeStopsTheMonitorPromptly() throws Exception {
        LinkMonitor monitor = Netns.call(node1.namespace(), () -> LinkMonitor.start(e -> {}));
        long start = System.nanoTime();

        monitor.close();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("tandem-link-monitor"));
    }

    /** The next event of {@code type} matching {@code wanted}, skipping others; fails after 5 s. */
    private static <T extends NetlinkEvent> T await(
            BlockingQueue<NetlinkEvent> events, Class<T> type, Predicate<T> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            NetlinkEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no matching " + type.getSimpleName() + " within 5 s");
            }
            if (type.isInstance(e) && wanted.test(type.cast(e))) {
                return type.cast(e);
            }
        }
    }
}
