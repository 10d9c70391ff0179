package net.tandem.agent.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import net.tandem.agent.dump.RunDirectory;

/**
 * The file side of the local control API's Unix socket: its directory (ours, writable by nobody else, as the run
 * directory's rules), a socket left by an agent that died (removed) or one still served by a running agent (refused,
 * as a taken TCP port was), and the socket's owner and mode once bound: root's, 0600, or 0660 with the read group.
 * The file mode is the first barrier (connect(2) needs write permission on the socket); the peer's credentials,
 * checked on every call, are the second.
 */
final class ControlSocket {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rw-rw----");

    private ControlSocket() {}

    /**
     * Makes {@code socket}'s directory safe and the path free.
     *
     * @throws IOException the directory is unsafe, the path is not a socket, or another agent serves it
     */
    static void prepare(Path socket, Optional<String> readGroup) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        new RunDirectory(dir).checkOrCreate();
        if (readGroup.isPresent()) {
            // The group must be able to reach the socket: traverse only, nobody may list or write.
            Set<PosixFilePermission> perms =
                    EnumSet.copyOf(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
            if (perms.add(PosixFilePermission.GROUP_EXECUTE) | perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(dir, perms);
            }
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!"socket".equals(fileType(socket))) {
            throw new IOException("control socket " + socket + ": the path exists and is not a socket ("
                    + fileType(socket) + "); remove it, or set another path with socket PATH in tandem_control");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException("control socket " + socket + ": another agent is serving it (stop it first, or"
                    + " give this one another --run-dir)");
        } catch (java.net.ConnectException e) {
            Files.delete(socket); // left by an agent that is gone
        }
    }

    /** After bind: root's (the agent's) socket, 0600, or 0660 owned by the read group. */
    static void protect(Path socket, Optional<String> readGroup) throws IOException {
        if (readGroup.isPresent()) {
            GroupPrincipal group;
            try {
                group = socket.getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(readGroup.get());
            } catch (IOException e) {
                throw new IOException(
                        "read_group " + readGroup.get() + ": no such group (" + e.getMessage()
                                + "); create it (groupadd " + readGroup.get() + ") or remove read_group",
                        e);
            }
            Files.setAttribute(socket, "posix:group", group, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(socket, OWNER_AND_GROUP);
        } else {
            Files.setPosixFilePermissions(socket, OWNER_ONLY);
        }
    }

    /** The read group's id, as the socket file now carries it. */
    static int groupId(Path socket) throws IOException {
        return (Integer) Files.getAttribute(socket, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    private static String fileType(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return switch (mode & 0170000) {
            case 0140000 -> "socket";
            case 0120000 -> "symbolic link";
            case 0100000 -> "regular file";
            case 0040000 -> "directory";
            default -> "special file";
        };
    }
}
