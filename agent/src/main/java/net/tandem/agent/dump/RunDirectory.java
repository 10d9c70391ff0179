package net.tandem.agent.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The directory the agent writes its dumps to (default {@code /run/tandem}), and the one safe way
 * to write a file there. keepalived writes to /tmp, where any user could plant a symbolic link
 * named keepalived.data pointing at /etc/shadow; so here the directory must be ours and writable by
 * nobody else (created 0700 if missing), and a file is written as a new temporary file (O_EXCL:
 * never an existing file, never through a link), mode 0600, then renamed over the target: rename
 * replaces a link at the target, it does not follow it, and a reader never sees half a dump.
 */
public final class RunDirectory {
    public static final Path DEFAULT = Path.of("/run/tandem");

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path path() {
        return dir;
    }

    /**
     * Writes {@code content} to {@code name} in the directory, creating the directory if missing.
     *
     * @return the file written
     * @throws IOException the directory is unsafe (the message says why and what to do) or the write failed
     */
    public Path write(String name, String content) throws IOException {
        if (name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        checkOrCreate();
        Path target = dir.resolve(name);
        Path temp = dir.resolve(
                "." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (SeekableByteChannel out = Files.newByteChannel(
                    temp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            // The umask may only have removed bits; set 0600 exactly all the same.
            Files.setPosixFilePermissions(temp, OWNER_ONLY_FILE);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            throw new IOException("cannot write " + target + ": " + e, e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The directory exists (created 0700 if it did not), is a real directory, is ours, and only we may write in it. */
    public void checkOrCreate() throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by someone else: the checks below decide
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory (or is a symbolic link); remove it, or choose another"
                    + " directory with --run-dir");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int us = ourUid();
        if (owner != us) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to the agent (uid " + us + "); refusing to"
                    + " write dumps there: chown it, or choose another directory with --run-dir");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (perms.stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
            throw new IOException(dir + " is writable by other users (" + PosixFilePermissions.toString(perms)
                    + "); refusing to write dumps there: chmod go-w " + dir);
        }
    }

    /** The agent's uid (a daemon's real and effective uids are the same). */
    static int ourUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }
}
