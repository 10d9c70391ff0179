package net.tandem.agent.control;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.Caller.Role;
import net.tandem.agent.linux.SafeFiles;
import net.tandem.proto.v1.ControlGrpc;

/**
 * Who may do what, checked before any service code runs.
 *
 * <ul>
 *   <li>On the Unix socket ({@link LocalPeer} in the transport's attributes): the peer's credentials decide, tokens
 *       play no part. uid 0 and the agent's own uid are admin; a member of the read group (primary or
 *       supplementary) may read; anyone else gets PERMISSION_DENIED, even for status.
 *   <li>On TCP with no token configured: every call is refused. {@link net.tandem.agent.config.ControlConfig} does
 *       not allow that setting; this is the second lock on the same door.
 *   <li>Tokens configured: every call needs {@code authorization: Bearer TOKEN}. Missing or unknown token:
 *       UNAUTHENTICATED. The read token opens {@code GetStatus}, {@code WatchEvents}, health and reflection; on a
 *       command it gets PERMISSION_DENIED. The admin token opens everything.
 * </ul>
 *
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says nothing about
 * how much of a guess was right, nor about the token's length. Refused commands are audit-logged.
 */
public final class TokenAuthInterceptor implements ServerInterceptor {

    private static final String BEARER = "Bearer ";

    /**
     * What needs gRPC's and the service's classes (the Control service's method descriptors load its protobuf
     * messages, their file descriptor and Guava): initialized at the first call, not when the agent starts and reads
     * the token files, so that an agent nobody calls never loads them (see {@link GrpcServers}).
     */
    static final class Calls {
        static final Metadata.Key<String> AUTHORIZATION =
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

        /** What the read token opens; everything else is a command. */
        static final Set<String> READ_ONLY_METHODS = Set.of(
                ControlGrpc.getGetStatusMethod().getFullMethodName(),
                ControlGrpc.getWatchEventsMethod().getFullMethodName());
    }

    private static final Set<String> READ_ONLY_SERVICES = Set.of(
            "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

    /** The tokens' digests, replaced as a whole by {@link #reload}: a call sees the old pair or the new. */
    private record Digests(Optional<byte[]> admin, Optional<byte[]> read) {
        static Digests of(Optional<String> admin, Optional<String> read) {
            return new Digests(admin.map(TokenAuthInterceptor::digest), read.map(TokenAuthInterceptor::digest));
        }

        boolean sameAs(Digests o) {
            return same(admin, o.admin) && same(read, o.read);
        }

        private static boolean same(Optional<byte[]> a, Optional<byte[]> b) {
            return a.isPresent() == b.isPresent() && (a.isEmpty() || MessageDigest.isEqual(a.get(), b.get()));
        }
    }

    private volatile Digests digests;
    private final AuditLog audit;
    /** The uids that are admin on the Unix socket: root, and the agent's own (the non-root unit). */
    private final Set<Integer> localAdmins =
            java.util.stream.Stream.of(0, ourUid()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** The read group's id on the Unix socket; empty: nobody but the admins. */
    private volatile Optional<Integer> localReadGroup = Optional.empty();

    private TokenAuthInterceptor(Optional<String> adminToken, Optional<String> readToken, AuditLog audit) {
        this.digests = Digests.of(adminToken, readToken);
        this.audit = audit;
    }

    /** Members of group {@code gid} may read over the Unix socket. */
    void allowLocalReaders(Optional<Integer> gid) {
        localReadGroup = gid;
    }

    private static int ourUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /** Tokens as strings (tests); empty means not configured. */
    static TokenAuthInterceptor of(Optional<String> adminToken, Optional<String> readToken, AuditLog audit) {
        return new TokenAuthInterceptor(adminToken, readToken, audit);
    }

    /**
     * Reads each token file: the token is its content without surrounding blanks and newlines.
     *
     * @throws IOException naming the file if it cannot be read or holds no token
     */
    public static TokenAuthInterceptor fromFiles(
            Optional<Path> adminTokenFile, Optional<Path> readTokenFile, AuditLog audit) throws IOException {
        Optional<String> admin = read(adminTokenFile, "admin_token_file");
        Optional<String> read = read(readTokenFile, "read_token_file");
        checkDistinct(admin, read);
        return new TokenAuthInterceptor(admin, read, audit);
    }

    /** A read token equal to the admin token would let every reader command the node. */
    private static void checkDistinct(Optional<String> admin, Optional<String> read) throws IOException {
        if (admin.isPresent() && admin.equals(read)) {
            throw new IOException("admin_token_file and read_token_file hold the same token: a read-only client"
                    + " could command the node; give each its own token");
        }
    }

    /**
     * Reads the token files again (a reload: new files, or new tokens in the same files). Both are
     * read before either changes; if one cannot be read, nothing changes. Calls already admitted
     * (a WatchEvents stream) keep running; every new call is checked against the new tokens.
     *
     * @return whether the tokens changed
     * @throws IOException naming the file if it cannot be read or holds no token
     */
    public boolean reload(Optional<Path> adminTokenFile, Optional<Path> readTokenFile) throws IOException {
        Optional<String> admin = read(adminTokenFile, "admin_token_file");
        Optional<String> read = read(readTokenFile, "read_token_file");
        checkDistinct(admin, read);
        Digests next = Digests.of(admin, read);
        boolean changed = !next.sameAs(digests);
        digests = next;
        return changed;
    }

    /**
     * A token file's token (its content without surrounding blanks), after {@link SafeFiles#checkSecretFile}; the
     * metrics endpoint's token file gets the same treatment.
     *
     * @throws IOException naming {@code keyword} and the file if it is unsafe, unreadable or empty
     */
    public static Optional<String> read(Optional<Path> file, String keyword) throws IOException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        SafeFiles.checkSecretFile(file.get(), keyword);
        String token;
        try {
            token = Files.readString(file.get(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IOException(keyword + " " + file.get() + ": cannot read the token: " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new IOException(keyword + " " + file.get() + ": the file is empty; put the token in it");
        }
        return Optional.of(token);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        LocalPeer local = call.getAttributes().get(LocalPeer.KEY);
        if (local != null) {
            return local(call, headers, next, local, method);
        }
        Digests d = digests;
        Optional<byte[]> adminDigest = d.admin();
        Optional<byte[]> readDigest = d.read();
        if (adminDigest.isEmpty() && readDigest.isEmpty()) {
            return refuse(
                    call,
                    caller(call, Role.OPEN),
                    Status.UNAUTHENTICATED.withDescription(
                            "no token is configured for TCP: use the Unix socket on the node"));
        }
        String header = headers.get(Calls.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse(
                    call,
                    caller(call, Role.NO_TOKEN),
                    Status.UNAUTHENTICATED.withDescription(
                            "no token: send \"authorization: Bearer TOKEN\" (tandemctl --token-file FILE)"));
        }
        byte[] presented = digest(header.substring(BEARER.length()).strip());
        if (matches(adminDigest, presented)) {
            return proceed(call, headers, next, caller(call, Role.ADMIN));
        }
        if (matches(readDigest, presented)) {
            if (readOnly(method)) {
                return proceed(call, headers, next, caller(call, Role.READ));
            }
            return refuse(
                    call,
                    caller(call, Role.READ),
                    Status.PERMISSION_DENIED.withDescription("the read token allows status and events only; "
                            + shortName(method) + " needs the admin token"));
        }
        return refuse(call, caller(call, Role.WRONG_TOKEN), Status.UNAUTHENTICATED.withDescription("wrong token"));
    }

    private <Q, R> ServerCall.Listener<Q> local(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next, LocalPeer peer, String method) {
        if (localAdmins.contains(peer.uid())) {
            return proceed(call, headers, next, Caller.local(peer, Role.ADMIN));
        }
        Optional<Integer> readers = localReadGroup;
        boolean reader = readers.isPresent() && peer.inGroup(readers.get());
        if (reader && readOnly(method)) {
            return proceed(call, headers, next, Caller.local(peer, Role.READ));
        }
        return refuse(
                call,
                Caller.local(peer, reader ? Role.READ : Role.NONE),
                Status.PERMISSION_DENIED.withDescription(
                        reader
                                ? "the read group allows status and events only; " + shortName(method) + " needs root"
                                : "uid " + peer.uid() + " may not use the control socket: root only"
                                        + readers.map(g -> ", and members of group " + g + " for reading")
                                                .orElse(" (read_group in tandem_control lets a group read)")));
    }

    private <Q, R> ServerCall.Listener<Q> proceed(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next, Caller caller) {
        Context context = Context.current()
                .withValue(Caller.KEY, caller)
                .withValue(
                        ControlService.CONNECTION_CONTEXT, call.getAttributes().get(ControlService.CONNECTION));
        return Contexts.interceptCall(context, call, headers, next);
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Caller caller, Status status) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!readOnly(method)) {
            audit.recordRefusal(caller, shortName(method), "", status.getCode() + ": " + status.getDescription());
        }
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }

    static boolean readOnly(String fullMethodName) {
        return Calls.READ_ONLY_METHODS.contains(fullMethodName)
                || READ_ONLY_SERVICES.contains(io.grpc.MethodDescriptor.extractFullServiceName(fullMethodName));
    }

    private static String shortName(String fullMethodName) {
        return fullMethodName.substring(fullMethodName.lastIndexOf('/') + 1);
    }

    private static boolean matches(Optional<byte[]> expected, byte[] presented) {
        return expected.isPresent() && MessageDigest.isEqual(expected.get(), presented);
    }

    private static Caller caller(ServerCall<?, ?> call, Role role) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String peer = remote instanceof InetSocketAddress ip
                ? ControlConfig.show(ip) // [2001:db8::1]:51234, not /2001:db8:0:0:0:0:0:1:51234
                : remote == null ? "unknown" : remote.toString();
        SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        Optional<String> identity = Optional.empty();
        if (tls != null) {
            try {
                identity = Optional.of(tls.getPeerPrincipal().getName());
            } catch (SSLPeerUnverifiedException e) {
                identity = Optional.empty(); // TLS without a client certificate
            }
        }
        return new Caller(peer, identity, role);
    }

    /** The SHA-256 of a token: what is kept and compared (with {@link MessageDigest#isEqual}), never the token. */
    public static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
