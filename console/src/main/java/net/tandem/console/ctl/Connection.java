package net.tandem.console.ctl;

import java.time.Duration;
import java.util.Optional;
import net.tandem.client.BearerToken;
import net.tandem.client.ClientSetupException;
import net.tandem.client.ClientTls;
import net.tandem.client.ControlChannel;
import net.tandem.client.Target;
import net.tandem.proto.v1.ControlGrpc;

/** tandemctl's options turned into a {@link ControlChannel}, and the stubs its commands call. */
final class Connection implements AutoCloseable {

    private final ControlChannel channel;
    private final Duration timeout;

    private Connection(ControlChannel channel, Duration timeout) {
        this.channel = channel;
        this.timeout = timeout;
    }

    /** @throws ClientSetupException for options that cannot be used, before anything is sent */
    static Connection open(TandemCtl o) {
        Target target;
        try {
            target = Target.parse(o.target);
        } catch (ClientSetupException e) {
            throw new ClientSetupException("--target: " + e.getMessage(), e);
        }
        Optional<ClientTls> tls = ClientTls.of(o.ca, o.cert, o.key);
        Optional<BearerToken> token = Optional.ofNullable(o.tokenFile).map(BearerToken::read);
        return new Connection(ControlChannel.open(target, tls, token), Duration.ofSeconds(o.timeoutSeconds));
    }

    /** A stub with the token and a deadline for one command. */
    ControlGrpc.ControlBlockingStub blocking() {
        return channel.blockingStub(timeout);
    }

    /** A stub with the token and no deadline, for the event stream. */
    ControlGrpc.ControlBlockingStub streaming() {
        return channel.blockingStub();
    }

    @Override
    public void close() {
        channel.close();
    }
}
