package net.tandem.agent.control;

import io.grpc.Attributes;
import java.util.Arrays;

/**
 * Who is at the other end of a connection to the control socket, as the kernel recorded it when the client
 * connected (SO_PEERCRED, SO_PEERGROUPS): it cannot be forged by the client, and it does not change if the client
 * later drops privileges or hands the socket on.
 *
 * @param uid    the effective user id
 * @param gid    the effective (primary) group id
 * @param pid    the process id (for the audit log only: it may be reused once the client exits)
 * @param groups the supplementary group ids
 */
record LocalPeer(int uid, int gid, int pid, int[] groups) {

    /** Set on every connection accepted on the Unix socket, by {@link ConnectionGate}. */
    static final Attributes.Key<LocalPeer> KEY = Attributes.Key.create("tandem.local-peer");

    boolean inGroup(int group) {
        return gid == group || Arrays.stream(groups).anyMatch(g -> g == group);
    }

    /** As the audit log shows it: {@code uid=0 gid=0 pid=4242}. */
    @Override
    public String toString() {
        return "uid=" + uid + " gid=" + gid + " pid=" + pid;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalPeer p
                && p.uid == uid
                && p.gid == gid
                && p.pid == pid
                && Arrays.equals(p.groups, groups);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * uid + gid) + pid;
    }
}
