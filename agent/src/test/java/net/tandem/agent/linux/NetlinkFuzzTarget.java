package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Coverage-guided fuzzing of the rtnetlink parsers (Jazzer), with bytes, not a kernel: a datagram
 * of notifications ({@link NetlinkEventDecoder}, what {@link LinkMonitor} reads) and a datagram of
 * answers to a request ({@link Rtnetlink#answered}, acks, errors with extended-ack text, dumps of
 * links and addresses). Whatever the bytes, the decoder delivers events and counts what it skipped;
 * the answer parser returns, or fails with a {@link NativeException} (the kernel's error) or a
 * {@link MalformedNetlinkMessageException}, which the request turns into an IOException. bin/test
 * replays the seed corpus under src/test/resources/net/tandem/agent/linux/NetlinkFuzzTargetInputs
 * and fuzzes for a few seconds; {@code bin/fuzz netlink --minutes N} fuzzes longer.
 *
 * <p>The first byte steers the harness: bit 0 parses the rest as answers (sequence number 1) rather
 * than notifications; bits 1-2 pick the answer type handed to the handler (links or addresses).
 */
class NetlinkFuzzTarget {

    @FuzzTest(maxDuration = "2s")
    void anyDatagramGivesEventsOrASpecificError(byte[] input) {
        if (input.length < 1) {
            return;
        }
        ByteBuffer datagram = ByteBuffer.allocate(input.length - 1).order(ByteOrder.nativeOrder());
        datagram.put(0, input, 1, input.length - 1);
        if ((input[0] & 1) == 0) {
            int[] events = new int[1];
            int malformed = NetlinkEventDecoder.decode(datagram, event -> {
                assertThat(event).isNotNull();
                events[0]++;
            });
            assertThat(malformed).isNotNegative();
            assertThat(events[0] + malformed).isLessThanOrEqualTo(datagram.limit() / NetlinkMessages.NLMSG_HDRLEN);
            return;
        }
        boolean links = (input[0] & 2) != 0;
        int answerType = links ? NetlinkMessages.RTM_NEWLINK : NetlinkMessages.RTM_NEWADDR;
        try {
            Rtnetlink.answered(datagram, 1, "fuzz", "eth0", null, answerType, (m, o) -> {
                if (links) {
                    assertThat(NetlinkMessages.parseLink(m, o)).isNotNull();
                    assertThat(VmacNetlink.parse(m, o)).isNotNull(); // kind, parent and group, nested
                } else {
                    NetlinkMessages.parseAddress(m, o, i -> "eth" + i);
                }
            });
        } catch (NativeException e) {
            assertThat(e.getMessage()).startsWith("fuzz");
        } catch (MalformedNetlinkMessageException e) {
            assertThat(e.getMessage()).contains("message at");
        } catch (IOException e) {
            throw new AssertionError("an IOException other than the kernel's error", e);
        }
    }
}
