package net.tandem.console.ctl;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import net.tandem.client.ClientSetupException;
import net.tandem.client.TlsFailure;

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

    /** One line for the operator: what went wrong and, where it helps, what to do. */
    static String describe(Throwable e, String target) {
        if (e instanceof StatusRuntimeException s) {
            Status st = s.getStatus();
            String why = st.getDescription() == null ? st.getCode().toString() : st.getDescription();
            if (st.getCause() != null && st.getCause().getMessage() != null) {
                why += ": " + st.getCause().getMessage(); // "io exception" alone says little
            }
            Optional<String> tls = TlsFailure.describe(st.getCause());
            if (st.getCode() == Status.Code.UNAVAILABLE && tls.isPresent()) {
                return target + ": unreachable: " + tls.get();
            }
            return switch (st.getCode()) {
                case UNAVAILABLE ->
                    target + ": unreachable: " + why
                            + " (is the agent running, and listening there? --target HOST:PORT)";
                case DEADLINE_EXCEEDED -> target + ": no answer in time: " + why;
                case UNAUTHENTICATED -> target + ": not allowed: " + why;
                case PERMISSION_DENIED -> target + ": not allowed: " + why;
                default -> why;
            };
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
