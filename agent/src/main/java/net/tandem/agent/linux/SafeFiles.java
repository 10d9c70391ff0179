package net.tandem.agent.linux;

import java.io.IOException;
import java.io.Writer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The agent runs as root; a file it opens on an operator's word must not become a way for another
 * user to steer it (keepalived's CVE-2018-19044/19045/19046: root following a link planted in a
 * world-writable directory). The rules, one method each:
 *
 * <ul>
 *   <li>a file the agent <em>creates</em> is created new ({@code O_CREAT|O_EXCL}: never an existing
 *       file, never through a symbolic link);
 *   <li>a file it <em>appends to</em> is opened with {@code O_NOFOLLOW} and must be a regular file the
 *       agent owns that no one else may write;
 *   <li>a <em>secret</em> (a token) must be owned by root or the agent and readable by no other user;
 *   <li>a file it only <em>reads a value from</em> ({@code track_file}) is opened without blocking
 *       (a FIFO with no writer would hold the reader forever), must be a regular file (not
 *       {@code /dev/zero}, which never ends) and is read only up to a bound.
 * </ul>
 */
public final class SafeFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private SafeFiles() {}

    /** A file that is not what the agent may use, and why (the message names the file and the fix). */
    public static final class UnsafeFileException extends IOException {
        public UnsafeFileException(String message) {
            super(message);
        }
    }

    /**
     * Reads at most {@code maxBytes} from the start of a regular file, without blocking.
     *
     * @throws NoSuchFileException    the file does not exist
     * @throws UnsafeFileException    it is not a regular file (a FIFO, a device, a directory)
     * @throws IOException            it cannot be opened or read (the message says why)
     */
    public static byte[] readSmallFile(Path path, int maxBytes) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(path.toString());
            int fd = Libc.open(name, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            if (fd < 0) {
                int errno = Libc.errno();
                if (Errno.ENOENT.is(errno)) {
                    throw new NoSuchFileException(path.toString());
                }
                throw new IOException(path + ": cannot open: " + Errno.describe(errno));
            }
            try {
                // The descriptor's own file, whatever the path names by now.
                BasicFileAttributes opened =
                        Files.readAttributes(Path.of("/proc/self/fd/" + fd), BasicFileAttributes.class);
                if (!opened.isRegularFile()) {
                    throw new UnsafeFileException(path + " is not a regular file (" + kind(opened) + ")");
                }
                MemorySegment buffer = arena.allocate(maxBytes);
                long total = 0;
                while (total < maxBytes) {
                    long n = Libc.read(fd, buffer.asSlice(total), maxBytes - total);
                    if (n < 0) {
                        int errno = Libc.errno();
                        if (Errno.EINTR.is(errno)) {
                            continue;
                        }
                        throw new IOException(path + ": cannot read: " + Errno.describe(errno));
                    }
                    if (n == 0) {
                        break;
                    }
                    total += n;
                }
                return buffer.asSlice(0, total).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            } finally {
                Libc.close(fd);
            }
        }
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isOther()) {
            return "a FIFO, socket or device";
        }
        return "not a plain file";
    }

    /**
     * Creates {@code path} holding {@code content}, mode {@code perms}, only if nothing is there:
     * {@code O_CREAT|O_EXCL} neither opens an existing file nor follows a symbolic link.
     *
     * @return false if something (a file, a link) already has that name: nothing was written
     */
    public static boolean createNew(Path path, String content, Set<PosixFilePermission> perms) throws IOException {
        try (FileChannel out = FileChannel.open(
                path,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(perms))) {
            out.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Opens a log file for appending (created 0600 if missing). It must not be a symbolic link (the
     * open uses {@code O_NOFOLLOW}), and an existing file must be a regular file owned by the agent
     * that no other user may write: else another user could have it write where they chose, or
     * rewrite what it wrote.
     *
     * @param keyword names the setting in messages ({@code audit_log})
     */
    public static Writer openForAppending(Path path, String keyword) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                throw new UnsafeFileException(keyword + " " + path
                        + " is a symbolic link; the agent does not write through links: name the file itself");
            }
            if (!a.isRegularFile()) {
                throw new UnsafeFileException(keyword + " " + path + " is not a regular file");
            }
            checkOwnedByUs(path, keyword);
            if (a.permissions().stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
                throw new UnsafeFileException(keyword + " " + path + " is writable by other users ("
                        + PosixFilePermissions.toString(a.permissions()) + "): chmod go-w " + path);
            }
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    path,
                    Set.of(
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND,
                            StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (IOException e) {
            if (Files.isSymbolicLink(path)) {
                throw new UnsafeFileException(keyword + " " + path
                        + " is a symbolic link; the agent does not write through links: name the file itself");
            }
            throw e;
        }
        return Channels.newWriter(channel, StandardCharsets.UTF_8);
    }

    /**
     * Checks a file holding a secret before it is read: a regular file, owned by root or the agent,
     * that no other user may read, and no one but its owner (and group) may change.
     *
     * @param keyword names the setting in messages ({@code admin_token_file})
     */
    public static void checkSecretFile(Path path, String keyword) throws IOException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(path, PosixFileAttributes.class);
        } catch (IOException e) {
            throw new IOException(keyword + " " + path + ": cannot read: " + e.getMessage(), e);
        }
        if (!a.isRegularFile()) {
            throw new UnsafeFileException(keyword + " " + path + " is not a regular file");
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid");
        if (owner != 0 && owner != ourUid()) {
            throw new UnsafeFileException(keyword + " " + path + " belongs to uid " + owner
                    + ", not to root or the agent: that user could change the token; chown root " + path);
        }
        if (a.permissions().stream().anyMatch(OPEN_TO_OTHERS::contains)) {
            throw new UnsafeFileException(keyword + " " + path + " is open to other users ("
                    + PosixFilePermissions.toString(a.permissions()) + "): anyone who reads it may command"
                    + " the node; chmod 600 " + path + " (or 640 with a group of its own)");
        }
    }

    /** Refuses a file the agent appends to that someone else owns. */
    private static void checkOwnedByUs(Path path, String keyword) throws IOException {
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int us = ourUid();
        if (owner != us) {
            throw new UnsafeFileException(keyword + " " + path + " belongs to uid " + owner + ", not to the agent (uid "
                    + us + "): remove it or chown it");
        }
    }

    /** The agent's uid (a daemon's real and effective uids are the same). */
    public static int ourUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }
}
