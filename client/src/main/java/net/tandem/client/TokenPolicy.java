package net.tandem.client;

import java.util.Optional;

/**
 * A token is never sent in plain text to an address that is not loopback: anyone on the path could
 * read it and then command the agent. The agent keeps the same rule from its side (it refuses a public
 * listen address without TLS); this is the client's half, checked before any connection is made.
 */
public final class TokenPolicy {
    private TokenPolicy() {}

    /** @throws ClientSetupException when {@code token} would go to a non-loopback {@code target} without TLS */
    public static void check(Target target, Optional<ClientTls> tls, Optional<BearerToken> token) {
        if (token.isPresent() && tls.isEmpty() && !target.isLoopback()) {
            throw new ClientSetupException("not sending the token in plain text to " + target
                    + ", which is not a loopback address: use TLS (pass --ca with the CA that signed the agent's"
                    + " certificate)");
        }
    }
}
