package net.tandem.agent.linux;

import static net.tandem.agent.linux.NetlinkMessages.RTMGRP_IPV4_IFADDR;
import static net.tandem.agent.linux.NetlinkMessages.RTMGRP_LINK;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.function.Consumer;

/**
 * Watches links and IPv4 addresses in the network namespace of the thread that
 * starts it (rtnetlink groups RTMGRP_LINK and RTMGRP_IPV4_IFADDR), so that the
 * agent notices an interface going down and a VIP deleted behind its back.
 *
 * <p>Events go to the listener on the monitor's own platform thread (a
 * blocking downcall would pin a virtual thread), in kernel order. The listener
 * should hand them to the event loop and return; an exception it throws is
 * logged and the monitor goes on. {@link #close()} stops the thread and waits
 * for it.
 */
public final class LinkMonitor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LinkMonitor.class.getName());

    private final NetlinkSocket socket;
    private final Consumer<NetlinkEvent> listener;
    private final Thread thread;

    private LinkMonitor(NetlinkSocket socket, Consumer<NetlinkEvent> listener) {
        this.socket = socket;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("tandem-link-monitor").daemon().unstarted(this::run);
    }

    /** Subscribes (in the calling thread's namespace) and starts delivering events to {@code listener}. */
    public static LinkMonitor start(Consumer<NetlinkEvent> listener) throws NativeException {
        LinkMonitor monitor = new LinkMonitor(NetlinkSocket.open(RTMGRP_LINK | RTMGRP_IPV4_IFADDR), listener);
        monitor.thread.start();
        return monitor;
    }

    private void run() {
        while (true) {
            ByteBuffer datagram;
            try {
                datagram = socket.receive(-1, "link monitor");
            } catch (ClosedChannelException closed) {
                return;
            } catch (NativeException e) {
                if (e.is(Errno.ENOBUFS)) {
                    deliver(new NetlinkEvent.EventsLost());
                    continue;
                }
                LOG.log(System.Logger.Level.ERROR, "link monitor stopped: " + e.getMessage(), e);
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "link monitor stopped: " + e.getMessage(), e);
                return;
            }
            dispatch(datagram);
        }
    }

    private void dispatch(ByteBuffer datagram) {
        int malformed = NetlinkEventDecoder.decode(datagram, this::deliver);
        if (malformed > 0) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "link monitor skipped " + malformed + " malformed netlink message(s) in a datagram of "
                            + datagram.limit() + " bytes");
        }
    }

    private void deliver(NetlinkEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "link monitor listener failed on " + event, e);
        }
    }

    /** Stops the monitor and waits (briefly) for its thread. Idempotent. */
    @Override
    public void close() {
        socket.close();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
