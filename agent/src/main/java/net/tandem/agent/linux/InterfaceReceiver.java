package net.tandem.agent.linux;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AdvertDecodeException;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import net.tandem.agent.vrrp.packet.TtlCheck;

/**
 * The receive side of one interface: a platform thread (a blocking downcall would pin a
 * virtual thread) that reads packets from the raw socket, checks where they arrived, decodes
 * them, and hands adverts and discards to the event loop. Decoding here keeps that work off the
 * loop.
 *
 * <p>An unexpected failure (an errno recvmsg should never give, a bug) does not end the thread:
 * the sink is told (its instances go to FAULT, since a deaf Backup would take over from a live
 * master), the thread waits, and receives again, waiting twice as long after each failure in a
 * row ({@link #FIRST_BACKOFF_NANOS} up to {@link #MAX_BACKOFF_NANOS}); a packet received resets
 * the wait.
 */
public final class InterfaceReceiver implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InterfaceReceiver.class.getName());
    static final long FIRST_BACKOFF_NANOS = 1_000_000_000L;
    static final long MAX_BACKOFF_NANOS = 30_000_000_000L;

    /** Where decoded adverts and refused packets go; called on the receive thread. */
    public interface Sink {
        /**
         * An advert, read from the socket at {@code receivedAt} ({@link System#nanoTime}): a backup re-arms its
         * master-down timer from then, not from when the event loop gets to it.
         */
        void advert(String interfaceName, ReceivedAdvert advert, long receivedAt);

        void discard(String interfaceName, DiscardReason reason);

        /** Receiving on the interface failed; the thread retries after a wait. */
        void failed(String interfaceName, String reason);

        /** Receiving again after {@link #failed}. */
        void receiving(String interfaceName);
    }

    /** What the thread reads from: the interface's raw socket ({@link RawVrrpSocket}), or a test's fake. */
    public interface PacketSource {
        String interfaceName();

        /** The interface the source is bound to: packets that arrived elsewhere are not for it. */
        int ifindex();

        /** Blocks for the next packet; see {@link RawVrrpSocket#receive}. */
        ReceivedPacket receive(ByteBuffer into) throws IOException;

        void close();
    }

    /** How the thread waits before a retry: {@code Thread.sleep} in production, a recording fake in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final PacketSource socket;
    private final Sink sink;
    private final Sleeper sleeper;
    private final Thread thread;
    private volatile boolean closed;

    public InterfaceReceiver(PacketSource socket, Sink sink) {
        this(socket, sink, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    InterfaceReceiver(PacketSource socket, Sink sink, Sleeper sleeper) {
        this.socket = socket;
        this.sink = sink;
        this.sleeper = sleeper;
        this.thread = Thread.ofPlatform()
                .name("tandem-rx-" + socket.interfaceName())
                .daemon(true)
                .unstarted(this::run);
    }

    public InterfaceReceiver start() {
        thread.start();
        return this;
    }

    /** Receives until closed, restarting after each unexpected failure. */
    void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65535);
        String name = socket.interfaceName();
        long backoff = FIRST_BACKOFF_NANOS;
        boolean failing = false;
        while (!closed) {
            buffer.clear();
            try {
                ReceivedPacket p = socket.receive(buffer);
                buffer.flip();
                if (failing) {
                    failing = false;
                    backoff = FIRST_BACKOFF_NANOS;
                }
                if (p.ifindex() != socket.ifindex()) {
                    sink.discard(name, DiscardReason.ARRIVAL_INTERFACE);
                    continue;
                }
                if (p.truncated()) {
                    sink.discard(name, DiscardReason.PACKET_LENGTH);
                    continue;
                }
                // The TTL rule depends on the instance (multicast: 255; unicast: the peer's range), known only from the
                // VRID.
                sink.advert(name, AdvertCodec.decodeIp(buffer, TtlCheck.LEFT_TO_INSTANCE), p.receivedAt());
            } catch (AdvertDecodeException e) {
                sink.discard(name, e.reason());
            } catch (ClosedChannelException e) {
                return; // closing
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                String reason = "receiving adverts on " + name + " failed: " + e;
                LOG.log(
                        ERROR,
                        "{0}: {1}; its instances are in FAULT, retrying in {2}",
                        name,
                        reason,
                        String.format(Locale.ROOT, "%.1f s", backoff / 1e9));
                sink.failed(name, reason);
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException ie) {
                    return; // closing
                }
                backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
                if (closed) {
                    return;
                }
                LOG.log(INFO, "{0}: receiving adverts again", name);
                failing = true;
                sink.receiving(name);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        thread.interrupt(); // a thread waiting to retry
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
