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
        /** No token is configured: everything is allowed (only on a loopback address, see ControlConfig). */
        OPEN,
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

    /** The caller of the current gRPC call. */
    static Caller current() {
        Caller c = KEY.get();
        return c == null ? UNKNOWN : c;
    }
}
