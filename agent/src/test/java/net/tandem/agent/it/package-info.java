/**
 * Integration tests in real network namespaces: real agents ({@code tandem-agent -f CONF}), real
 * packets, the real kernel, and Debian's keepalived 2.2 as the peer to interoperate with.
 *
 * <ul>
 * <li>{@code DualMasterNetnsTest}: the seed's dual-master (VIPs rewritten to 192.0.2.8/.9): crash
 *     failover within Master_Down_Interval, preemption back, and nopreempt;
 * <li>{@code MasterBackupNetnsTest}: SIGTERM hands over in Skew_Time; link down means FAULT;
 *     a VIP left by a crash is removed at startup and the election decides;
 * <li>{@code ThreeNodeClusterNetnsTest}: the higher of two backups wins, the other stays backup;
 * <li>{@code KeepalivedInteropNetnsTest}: keepalived and Tandem in one VRRP group, v2 and v3,
 *     failover both ways;
 * <li>{@code AdvertCaptureNetnsTest}: tshark decodes Tandem's v2 and v3 adverts with good checksums;
 * <li>{@code UnicastNetnsTest}: {@code unicast_peer} nodes elect and fail over, and the bridge sees
 *     adverts addressed to the peer only, none to 224.0.0.18.
 * </ul>
 *
 * The control plane's netns tests (tandemctl against these agents: status vs the kernel, takeover,
 * release, maintenance, refusals, TLS and tokens from the client) are in the console module,
 * {@code net.tandem.console.it}, because tandemctl is there and the console depends on the agent.
 *
 * They need root (namespaces, raw sockets) and these Debian packages, which bin/test and the tests
 * themselves install when root: iproute2, keepalived, arping, tcpdump, tshark, iputils-ping,
 * procps. Without root they are skipped, loudly. Each class shares one {@code Lab} (a LAN of
 * namespaces, see {@link net.tandem.agent.testlab.Lab}) and starts fresh daemons per test; a
 * failing test prints every daemon's log. Packets stay inside the namespaces the tests create,
 * with 192.0.2.0/24 addresses and 224.0.0.18 only. Timings worth knowing: a crash costs
 * Master_Down_Interval (about 3.6 s at 1 s adverts), a clean stop Skew_Time (0.65 s at priority
 * 90). The whole set takes a little over two minutes; -Dtandem.it.keepLogs=true keeps the logs.
 */
package net.tandem.agent.it;
