package net.tandem.agent.linux;

import static java.lang.System.Logger.Level.ERROR;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AdvertDecodeException;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import net.tandem.agent.vrrp.packet.TtlCheck;

/**
 * The receive side of one interface: a platform thread (a blocking downcall would pin a
 * virtual thread) that reads packets from the raw socket, decodes them, and hands adverts and
 * discards to the event loop. Decoding here keeps that work off the loop.
 */
public final class InterfaceReceiver implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InterfaceReceiver.class.getName());

    /** Where decoded adverts and refused packets go; called on the receive thread. */
    public interface Sink {
        void advert(String interfaceName, ReceivedAdvert advert);

        void discard(String interfaceName, DiscardReason reason);
    }

    private final RawVrrpSocket socket;
    private final Sink sink;
    private final Thread thread;
    private volatile boolean closed;

    public InterfaceReceiver(RawVrrpSocket socket, Sink sink) {
        this.socket = socket;
        this.sink = sink;
        this.thread = Thread.ofPlatform()
                .name("tandem-rx-" + socket.interfaceName())
                .daemon(true)
                .unstarted(this::run);
    }

    public InterfaceReceiver start() {
        thread.start();
        return this;
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65535);
        String name = socket.interfaceName();
        while (!closed) {
            buffer.clear();
            try {
                ReceivedPacket p = socket.receive(buffer);
                buffer.flip();
                if (p.truncated()) {
                    sink.discard(name, DiscardReason.PACKET_LENGTH);
                    continue;
                }
                // The TTL rule depends on the instance (multicast: 255; unicast: the peer's range), known only from the
                // VRID.
                sink.advert(name, AdvertCodec.decodeIpv4(buffer, TtlCheck.LEFT_TO_INSTANCE));
            } catch (AdvertDecodeException e) {
                sink.discard(name, e.reason());
            } catch (ClosedChannelException e) {
                return; // closing
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(
                            ERROR,
                            "{0}: receiving adverts failed: {1}; this interface hears nothing more",
                            name,
                            e.getMessage());
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
