package net.tandem.agent;

import java.net.Inet4Address;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;

/**
 * Which adverts need not wake the event loop: per interface and VRID, the last IPv4 advert a Backup accepted from
 * its master (source, priority, interval, version). Another one like it would only re-arm that Backup's
 * master-down timer, from its arrival time, and the loop does that just as well a little later, before it fires
 * any timer or runs any task ({@link PacketInbox#catchUp}). A backup of 255 instances at 100 ms hears 2,550 such
 * adverts a second; waking the loop for each one was half its CPU.
 *
 * <p>Written on the loop ({@link #expect}, {@link #forgetAll}), read on the receive threads ({@link #routine}).
 * Anything else (another source or priority, priority 0, an instance that is not a Backup, IPv6) wakes the loop at
 * once. A stale entry read during a transition costs at most a delayed, never a lost, advert.
 */
public final class RoutineAdverts {
    private static final long NONE = 0;

    private final ConcurrentHashMap<String, AtomicLongArray> byInterface = new ConcurrentHashMap<>();

    /** On a receive thread: whether {@code received} is like the last advert the Backup of its VRID accepted. */
    public boolean routine(String interfaceName, ReceivedAdvert received) {
        AtomicLongArray table = byInterface.get(interfaceName);
        long key = key(received);
        return table != null && key != NONE && table.get(received.advert().vrid()) == key;
    }

    /** On the loop: the Backup of this VRID accepted {@code received} as its master's advert. */
    public void expect(String interfaceName, ReceivedAdvert received) {
        byInterface
                .computeIfAbsent(interfaceName, k -> new AtomicLongArray(256))
                .set(received.advert().vrid(), key(received));
    }

    /** On the loop: an advert of this VRID did something else; the next one wakes the loop. */
    public void forget(String interfaceName, ReceivedAdvert received) {
        AtomicLongArray table = byInterface.get(interfaceName);
        if (table != null) {
            table.set(received.advert().vrid(), NONE);
        }
    }

    /** On the loop: an instance changed state (or the configuration changed); every advert wakes it until re-learnt. */
    public void forgetAll() {
        byInterface.values().forEach(t -> {
            for (int i = 0; i < t.length(); i++) {
                t.set(i, NONE);
            }
        });
    }

    /**
     * Source address (32 bits), priority (8), interval in centiseconds (12) and version (2), or NONE for what is
     * never routine. Inet4Address.hashCode() is the address: no allocation on the receive thread.
     */
    private static long key(ReceivedAdvert received) {
        Advert a = received.advert();
        if (!(received.source() instanceof Inet4Address source) || a.priority() == 0) {
            return NONE;
        }
        return ((source.hashCode() & 0xFFFF_FFFFL) << 24)
                | ((long) a.priority() << 16)
                | ((a.advertInterval() & 0xFFFL) << 4)
                | ((a.version().ordinal() & 0x3L) << 1)
                | 1;
    }
}
