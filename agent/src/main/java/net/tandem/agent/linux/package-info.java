/**
 * The Linux data plane, through {@code java.lang.foreign} (no JNI, no JNA, no
 * {@code ip} command): the real implementations behind the protocol's Network port.
 *
 * <ul>
 *   <li>{@link net.tandem.agent.linux.RawVrrpSocket} — send and receive VRRP (IP protocol 112)
 *       on one interface, with our own IPv4 header (exact source, TTL 255);</li>
 *   <li>{@link net.tandem.agent.linux.Rtnetlink} — look up links, list/add/delete IPv4 addresses (VIPs);</li>
 *   <li>{@link net.tandem.agent.linux.LinkMonitor} — link up/down and address add/delete events;</li>
 *   <li>{@link net.tandem.agent.linux.GarpSender} — gratuitous ARP, as keepalived sends it;</li>
 *   <li>{@link net.tandem.agent.linux.Netns} — run code (open sockets) inside a named network namespace;</li>
 *   <li>{@link net.tandem.agent.linux.NativeException} — every failure, with errno name and advice.</li>
 * </ul>
 *
 * <p>Threading: every socket lives in the network namespace of the thread that
 * opened it. Blocking receives ({@code RawVrrpSocket.receive}, the monitor's
 * loop) belong on platform threads: a blocking downcall pins a virtual thread's
 * carrier. {@code close()} from any thread wakes a blocked receiver (poll on the
 * socket plus an eventfd, see {@code SocketFd}). Sends and rtnetlink requests
 * may come from any thread.
 *
 * <p>Native memory: each socket owns a shared arena for its buffers, closed when
 * the socket is closed and no thread is inside a call on it; one-off arguments
 * use confined arenas closed at once.
 */
package net.tandem.agent.linux;
