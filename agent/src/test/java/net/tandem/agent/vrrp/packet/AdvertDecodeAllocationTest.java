package net.tandem.agent.vrrp.packet;

import static net.tandem.agent.vrrp.packet.AdvertCodecGoldenTest.V3_BYTES;
import static net.tandem.agent.vrrp.packet.Packets.NODE_1;
import static net.tandem.agent.vrrp.packet.Packets.VRRP_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The event loop decodes every packet: a decode allocates the advert, its address list and the
 * addresses, and nothing per byte. Measured with this thread's allocation counter, which counts
 * bytes, not time, so the bound does not depend on the machine's load.
 */
class AdvertDecodeAllocationTest {

    @Test
    void decodingAnAdvertAllocatesAFewSmallObjectsNotOnePerByte() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        ByteBuffer packet = Packets.buffer(V3_BYTES);
        for (int i = 0; i < 20_000; i++) {
            AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, packet); // warm up
        }
        int rounds = 10_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, packet);
        }
        long perDecode = (threads.getCurrentThreadAllocatedBytes() - before) / rounds;
        // Record, list, array, one address with its holder and byte arrays, the two addresses'
        // bits for the pseudo-header: a few hundred bytes. A per-byte allocation would add 12 x 16+.
        assertThat(perDecode).isLessThan(600);
    }
}
