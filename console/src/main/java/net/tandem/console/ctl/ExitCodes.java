package net.tandem.console.ctl;

import io.grpc.StatusRuntimeException;
import java.time.Duration;
import net.tandem.client.ClientSetupException;
import net.tandem.client.ClientTls;
import net.tandem.client.ControlFailure;
import net.tandem.client.Target;

/** tandemctl's exit codes, from the gRPC status of the failed call. */
final class ExitCodes {

    static final int OK = 0;
    /** The agent refused the command (INVALID_ARGUMENT, FAILED_PRECONDITION) or it failed; a reload not applied. */
    static final int FAILED = 1;
    /**
     * picocli's own code for a usage error; also options that cannot be used (an unreadable file, a token that
     * would go in plain text to an address that is not loopback), found before anything is sent.
     */
    static final int USAGE = 2;
    /** No answer: connection refused, name unknown, TLS handshake failed, deadline exceeded. */
    static final int UNREACHABLE = 3;
    /** UNAUTHENTICATED or PERMISSION_DENIED: a missing or wrong token, the read token on a command. */
    static final int REFUSED = 4;

    private ExitCodes() {}

    static int of(Throwable e) {
        if (e instanceof StatusRuntimeException s) {
            return switch (s.getStatus().getCode()) {
                case UNAVAILABLE, DEADLINE_EXCEEDED -> UNREACHABLE;
                case UNAUTHENTICATED, PERMISSION_DENIED -> REFUSED;
                default -> FAILED;
            };
        }
        if (e instanceof ClientSetupException || e instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        return FAILED;
    }

    /**
     * One line for the operator: what went wrong and, where it helps, what to do. With {@code --verbose} a second
     * line gives gRPC's own account (status, description, causes).
     */
    static String describe(Throwable e, TandemCtl options) {
        if (e instanceof StatusRuntimeException) {
            Target target = Target.parse(options.target); // parsed before: the call was made
            ControlFailure f = ControlFailure.of(
                    e,
                    new ControlFailure.Attempt(
                            target,
                            ClientTls.of(options.ca, options.cert, options.key),
                            options.tokenFile != null,
                            Duration.ofSeconds(options.timeoutSeconds)));
            String line = switch (f.kind()) {
                case AGENT_ERROR -> f.sentence();
                case UNREACHABLE -> target + ": unreachable: " + f.sentence();
                default -> target + ": " + f.sentence();
            };
            return options.verbose ? line + System.lineSeparator() + "  " + f.detail() : line;
        }
        String line = e.getMessage() == null ? e.toString() : e.getMessage();
        if (options.verbose && e.getCause() != null) {
            line += System.lineSeparator() + "  caused by " + e.getCause();
        }
        return line;
    }
}
