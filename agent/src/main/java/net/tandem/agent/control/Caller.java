package net.tandem.agent.control;

import io.grpc.Context;
import java.util.Optional;

/**
 * Who is calling: set by {@link TokenAuthInterceptor} for every call, read by the service for the audit log.
 *
 * @param peer        the client's address and port as the transport saw it
 * @param tlsIdentity the subject of the client's certificate (mutual TLS), if it sent one
 * @param role        what its token allows
 */
record Caller(String peer, Optional<String> tlsIdentity, Role role) {

    enum Role {
        /** Not identified yet: no token, or a wrong one. Nothing is allowed. */
        OPEN,
        /** A local user who is neither root nor in the read group: nothing is allowed. */
        NONE,
        /** The read token: status, events, health, reflection. */
        READ,
        /** The admin token: everything. */
        ADMIN,
        /** Refused: tokens are configured and the call carried none. */
        NO_TOKEN,
        /** Refused: the call carried a token that is neither the admin nor the read token. */
        WRONG_TOKEN
    }

    static final Context.Key<Caller> KEY = Context.key("tandem.caller");

    static final Caller UNKNOWN = new Caller("unknown", Optional.empty(), Role.OPEN);

    /** A client on the Unix socket: {@code peer=local uid=0 gid=0 pid=4242}. */
    static Caller local(LocalPeer peer, Role role) {
        return new Caller("local " + peer, Optional.empty(), role);
    }

    /** The caller of the current gRPC call. */
    static Caller current() {
        Caller c = KEY.get();
        return c == null ? UNKNOWN : c;
    }
}
