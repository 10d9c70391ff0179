package net.tandem.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a {@code notify_fifo} path is safe for an agent that runs as root. keepalived only opens it with
 * O_NOFOLLOW; Tandem refuses more, because every line it writes is read by a root-started script: a path another
 * user can replace (its directory is writable by them), a symbolic link, an existing file that is not a FIFO,
 * or one owned by another user than root (or the agent's own user when it is not root).
 */
public final class FifoPaths {
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private FifoPaths() {}

    /** Why {@code path} must not be used, or empty when it may (existing FIFO, or absent in a safe directory). */
    public static Optional<String> problem(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent == null) {
                return Optional.of("has no parent directory");
            }
            // The directory's own path may go through links (/var/run -> /run): what counts is where it ends.
            Path dir = parent.toRealPath();
            int dirUid = (int) Files.getAttribute(dir, "unix:uid");
            int dirMode = (int) Files.getAttribute(dir, "unix:mode");
            if (!trusted(dirUid) || (dirMode & GROUP_OR_OTHER_WRITE) != 0) {
                return Optional.of("its directory " + dir + " is writable by another user than root (owner uid "
                        + dirUid + ", mode " + Integer.toOctalString(dirMode & 07777)
                        + "): another user could replace the FIFO");
            }
            if (Files.isSymbolicLink(path)) {
                return Optional.of("is a symbolic link; give the FIFO's own path");
            }
            int mode;
            int uid;
            try {
                mode = (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                uid = (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return Optional.empty(); // created at start
            }
            if ((mode & S_IFMT) != S_IFIFO) {
                return Optional.of("exists and is not a FIFO; remove it, or name another path");
            }
            if (!trusted(uid)) {
                return Optional.of("is owned by uid " + uid + ", not root: remove it, the agent creates it");
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("its directory " + e.getFile() + " does not exist");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot be checked: " + e.getMessage());
        }
    }

    private static boolean trusted(int uid) {
        return uid == 0 || uid == OwnUid.VALUE;
    }

    /** The agent's own uid (0 in production), read once. */
    private static final class OwnUid {
        static final int VALUE = read();

        private static int read() {
            try {
                return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | UnsupportedOperationException e) {
                return 0;
            }
        }
    }
}
