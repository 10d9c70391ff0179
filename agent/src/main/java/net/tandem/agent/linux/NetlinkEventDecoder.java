package net.tandem.agent.linux;

import static net.tandem.agent.linux.NetlinkMessages.NLMSG_LEN;
import static net.tandem.agent.linux.NetlinkMessages.NLMSG_TYPE;
import static net.tandem.agent.linux.NetlinkMessages.RTM_DELADDR;
import static net.tandem.agent.linux.NetlinkMessages.RTM_DELLINK;
import static net.tandem.agent.linux.NetlinkMessages.RTM_NEWADDR;
import static net.tandem.agent.linux.NetlinkMessages.RTM_NEWLINK;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Turns one datagram of rtnetlink notifications into {@link NetlinkEvent}s, in order. Apart from
 * {@link LinkMonitor}'s socket so that it can be fuzzed: whatever the bytes, it delivers events and
 * counts the malformed messages it skipped, and throws nothing.
 */
final class NetlinkEventDecoder {

    private NetlinkEventDecoder() {}

    /**
     * Delivers the datagram's link and address events to {@code out}; answers how many messages
     * were malformed and skipped. A header whose length runs past the datagram ends the walk (the
     * rest cannot be framed), and counts as one.
     */
    static int decode(ByteBuffer datagram, Consumer<NetlinkEvent> out) {
        int malformed = 0;
        int offset = 0;
        while (offset + NetlinkMessages.NLMSG_HDRLEN <= datagram.limit()) {
            int length = datagram.getInt(offset + NLMSG_LEN);
            if (length < NetlinkMessages.NLMSG_HDRLEN || length > datagram.limit() - offset) {
                return malformed + 1;
            }
            int type = datagram.getShort(offset + NLMSG_TYPE) & 0xFFFF;
            try {
                NetlinkEvent event = event(datagram, offset, type);
                if (event != null) {
                    out.accept(event);
                }
            } catch (MalformedNetlinkMessageException e) {
                malformed++;
            }
            offset += NetlinkMessages.align(length);
        }
        return malformed;
    }

    private static NetlinkEvent event(ByteBuffer datagram, int offset, int type) {
        return switch (type) {
            case RTM_NEWLINK, RTM_DELLINK -> {
                Link link = NetlinkMessages.parseLink(datagram, offset);
                boolean removed = type == RTM_DELLINK;
                yield new NetlinkEvent.LinkEvent(
                        link.index(), link.name(), !removed && link.isUp(), link.flags(), removed);
            }
            case RTM_NEWADDR, RTM_DELADDR -> {
                LinkAddress address = NetlinkMessages.parseAddress(datagram, offset, i -> null);
                yield address == null ? null : new NetlinkEvent.AddressEvent(address, type == RTM_NEWADDR);
            }
            default -> null;
        };
    }
}
