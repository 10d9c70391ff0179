package net.tandem.client;

import io.grpc.Status;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Why a call to an agent failed, in one sentence an operator can act on, and gRPC's own account kept apart for
 * {@code --verbose}. tandemctl and the console both use it.
 *
 * <p>The failure is classified by types only: the {@link Status.Code}, and the classes in its cause chain
 * ({@link ConnectException}, {@link UnknownHostException}, {@link CertPathValidatorException}, Netty's
 * {@link NotSslRecordException}...), together with what the client itself sent (TLS or not, a client certificate,
 * a token). Messages are never matched: they change between JDK and gRPC releases and name internals.
 *
 * @param kind    what went wrong, for exit codes and tests
 * @param problem what went wrong, in words ("connection refused")
 * @param hint    what to do about it, or empty
 * @param detail  gRPC's status and the cause chain, for {@code --verbose}
 */
public record ControlFailure(Kind kind, String problem, String hint, String detail) {

    /** How long the check "does it speak TLS?" may take, on the way to an error message. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    /** The failures an operator meets, each with its own remedy. */
    public enum Kind {
        /** Nothing answered at the address: connection refused, no route, a name that does not resolve. */
        UNREACHABLE,
        /** TLS: the agent's certificate is not signed by the CA given with {@code --ca}. */
        TLS_TRUST,
        /** TLS: the agent's certificate is signed by that CA but does not name the address used. */
        TLS_NAME,
        /** TLS: the agent wants a client certificate and got none, or none it accepts. */
        TLS_CLIENT_CERTIFICATE,
        /** TLS spoken to an agent that listens in plain text. */
        TLS_NOT_SPOKEN,
        /** Plain text spoken to an agent that listens with TLS: it closes the connection without a word. */
        TLS_EXPECTED,
        /** Any other failed TLS handshake. */
        TLS_HANDSHAKE,
        /** UNAUTHENTICATED: no token, or one the agent does not know. */
        TOKEN_REFUSED,
        /** PERMISSION_DENIED: a token the agent knows, for something it does not allow (the read token). */
        NOT_ALLOWED,
        /** No answer within the deadline. */
        DEADLINE,
        /** The agent answered and refused or failed the request: its own words say why. */
        AGENT_ERROR
    }

    /**
     * What the client sent, which the failure alone does not say.
     *
     * @param tls      TLS settings, empty for plain text
     * @param token    whether a token went with the call
     * @param deadline the call's deadline, for "no answer within N s"
     */
    public record Attempt(Target target, Optional<ClientTls> tls, boolean token, Duration deadline) {}

    /** The failure of a call made as {@code attempt} describes. */
    public static ControlFailure of(Throwable failure, Attempt attempt) {
        Status status = Status.fromThrowable(failure);
        String detail = detail(status);
        return switch (status.getCode()) {
            case UNAVAILABLE -> unavailable(status, attempt, detail);
            case DEADLINE_EXCEEDED ->
                new ControlFailure(
                        Kind.DEADLINE,
                        "no answer within " + seconds(attempt.deadline()),
                        "is the agent stalled, or a firewall dropping packets? Or is the deadline too short for the link?",
                        detail);
            case UNAUTHENTICATED ->
                attempt.token()
                        ? new ControlFailure(
                                Kind.TOKEN_REFUSED,
                                "not allowed: the agent does not know this token",
                                "--token-file must hold the agent's admin_token_file or read_token_file token",
                                detail)
                        : new ControlFailure(
                                Kind.TOKEN_REFUSED,
                                "not allowed: the agent requires a token",
                                "give --token-file FILE with its admin or read token",
                                detail);
            // The agent's reason names the token and the command ("the read token allows status and events only;
            // Takeover needs the admin token"): it is the whole story.
            case PERMISSION_DENIED ->
                new ControlFailure(Kind.NOT_ALLOWED, "not allowed: " + agentWords(status), "", detail);
            default -> new ControlFailure(Kind.AGENT_ERROR, agentWords(status), "", detail);
        };
    }

    private static ControlFailure unavailable(Status status, Attempt attempt, String detail) {
        Throwable cause = status.getCause();
        String where = attempt.target().toString();
        if (find(cause, NotSslRecordException.class).isPresent()) {
            return new ControlFailure(
                    Kind.TLS_NOT_SPOKEN,
                    "TLS failed: the agent at " + where + " does not speak TLS",
                    "leave out --ca, --cert and --key, or give the agent tls_cert and tls_key",
                    detail);
        }
        if (find(cause, CertPathValidatorException.class).isPresent()
                || find(cause, CertPathBuilderException.class).isPresent()) {
            return new ControlFailure(
                    Kind.TLS_TRUST,
                    "TLS failed: the agent's certificate is not signed by the CA in --ca "
                            + attempt.tls().map(t -> t.ca().toString()).orElse(""),
                    "give --ca the CA that signed the agent's tls_cert",
                    detail);
        }
        if (find(cause, CertificateException.class).isPresent()) {
            return new ControlFailure(
                    Kind.TLS_NAME,
                    "TLS failed: the agent's certificate does not name "
                            + attempt.target().host(),
                    "connect by a name or address its certificate lists (subjectAltName)",
                    detail);
        }
        if (find(cause, SSLException.class).isPresent()) {
            // The agent ended the handshake without telling why in a type of its own (a TLS alert). With mutual
            // TLS the usual reason is the client certificate: none given, or one from another CA.
            boolean presented =
                    attempt.tls().map(ClientTls::presentsCertificate).orElse(false);
            if (!presented) {
                return new ControlFailure(
                        Kind.TLS_CLIENT_CERTIFICATE,
                        "TLS failed: the agent ended the handshake; it requires a client certificate",
                        "give --cert and --key, signed by the CA in the agent's tls_client_ca",
                        detail);
            }
            return new ControlFailure(
                    Kind.TLS_CLIENT_CERTIFICATE,
                    "TLS failed: the agent did not accept the client certificate "
                            + attempt.tls().get().cert(),
                    "it must be signed by the CA in the agent's tls_client_ca",
                    detail);
        }
        if (find(cause, UnknownHostException.class).isPresent()) {
            return new ControlFailure(
                    Kind.UNREACHABLE,
                    "the name " + attempt.target().host() + " does not resolve",
                    "check the name, or give an address",
                    detail);
        }
        if (find(cause, NoRouteToHostException.class).isPresent()) {
            return new ControlFailure(
                    Kind.UNREACHABLE, "no route to " + where, "check the address and the network on the way", detail);
        }
        if (find(cause, ConnectTimeoutException.class).isPresent()) {
            return new ControlFailure(
                    Kind.UNREACHABLE,
                    "no answer to the connection attempt",
                    "is the host up? does a firewall drop the packets?",
                    detail);
        }
        if (find(cause, ConnectException.class).isPresent()) {
            return new ControlFailure(
                    Kind.UNREACHABLE,
                    "connection refused",
                    "is the agent running, and listening on " + where + "?",
                    detail);
        }
        if ((cause == null || cause instanceof IOException)
                && attempt.tls().isEmpty()
                && TlsProbe.speaksTls(attempt.target(), PROBE_TIMEOUT)) {
            // Closed without a word: what an agent with TLS does to a client that speaks plain text (its TLS layer
            // cannot read the HTTP/2 preface). gRPC says only "Network closed" (NIO), or passes the transport's
            // "connection reset" (epoll's native IOException), so ask the address whether it answers a TLS
            // ClientHello with a certificate.
            return new ControlFailure(
                    Kind.TLS_EXPECTED,
                    "the agent at " + where + " expects TLS, and this call was plain text",
                    "give --ca FILE, the CA that signed its certificate",
                    detail);
        }
        if (cause == null && status.getDescription() != null) {
            // UNAVAILABLE with the agent's own words ("agent stopping") or gRPC's for a closed connection.
            return new ControlFailure(Kind.UNREACHABLE, status.getDescription(), "", detail);
        }
        if (find(cause, SocketException.class).isPresent()) {
            return new ControlFailure(
                    Kind.UNREACHABLE,
                    "the network refused the connection",
                    "check the address and the network on the way",
                    detail);
        }
        return new ControlFailure(
                Kind.UNREACHABLE,
                "the connection to " + where + " failed",
                "is the agent running, and listening there? --verbose says more",
                detail);
    }

    /** "problem (hint)": the one line to show. */
    public String sentence() {
        return hint.isEmpty() ? problem : problem + " (" + hint + ")";
    }

    /** The agent's own description (it writes them for people), or the code if it gave none. */
    private static String agentWords(Status status) {
        return status.getDescription() == null ? status.getCode().toString() : status.getDescription();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static String detail(Status status) {
        StringBuilder b = new StringBuilder("gRPC status ").append(status.getCode());
        if (status.getDescription() != null) {
            b.append(": ").append(status.getDescription());
        }
        for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
            b.append("; caused by ").append(t.getClass().getName());
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage());
            }
        }
        return b.toString();
    }

    private static <T extends Throwable> Optional<T> find(Throwable chain, Class<T> type) {
        for (Throwable t = chain; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
