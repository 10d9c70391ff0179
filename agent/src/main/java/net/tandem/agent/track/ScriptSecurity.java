package net.tandem.agent.track;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * keepalived's script security ({@code check_script_secure} in lib/notify.c): a script that runs as
 * root must not be one a non-root user can change or replace. Every directory on the way to it,
 * from {@code /}, and the file itself are examined; a path element is unsafe when it is owned by a
 * non-root user, or is a file or a non-sticky directory that a non-root group or everyone may write
 * to. A sticky directory writable by all ({@code /tmp}) is safe, as in keepalived: nobody but root
 * can rename or remove root's entries in it.
 *
 * <p>Symbolic links are followed one by one and each link must be owned by root too, and so must
 * everything on the way to its target. keepalived checks only the fully resolved path, because it
 * then executes that resolved path; Tandem executes the command as written at every run, so a link
 * a user owns, or a directory a user can write that holds a link, would steer every later run.
 *
 * <p>Reads the file system: call it off the event loop.
 */
public final class ScriptSecurity {
    private static final System.Logger LOG = System.getLogger(ScriptSecurity.class.getName());
    /** As the kernel's limit on links followed in one lookup (ELOOP). */
    private static final int MAX_LINKS = 40;

    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;
    private static final int S_ISVTX = 01000;
    private static final int S_IXUSR = 0100;
    private static final int S_IWGRP = 020;
    private static final int S_IXGRP = 010;
    private static final int S_IWOTH = 02;

    private ScriptSecurity() {}

    /** What examining one script found. */
    public record Finding(Kind kind, String detail) {
        public enum Kind {
            /** Runs as a non-root user (and is not set-user-id or set-group-id root): not examined. */
            NOT_ROOT,
            SAFE,
            /** Something a non-root user can write, own or replace, named in {@code detail}. */
            UNSAFE,
            /** It does not exist (or cannot be examined), and only root could create it. */
            NOT_FOUND,
            /** It does not exist, and a non-root user could create it (in {@code /tmp}, say). */
            PLANTABLE
        }

        /**
         * Whether the script must not run: keepalived's rules. Unsafe or missing scripts only with
         * {@code enable_script_security} (keepalived runs unsafe ones with a warning, and disables
         * missing ones; a missing one Tandem keeps trying, which fails until root creates it). One a
         * user could create is refused always: keepalived disables it, as not found.
         */
        public boolean refused(boolean scriptSecurity) {
            return switch (kind) {
                case NOT_ROOT, SAFE -> false;
                case UNSAFE, NOT_FOUND -> scriptSecurity;
                case PLANTABLE -> true;
            };
        }
    }

    /**
     * Examines a script and says what keepalived would: returns {@code as} if it may run (logging
     * a warning if it is unsafe but enable_script_security is off), else {@code as} refused with
     * why. Scripts that cannot run anyway ({@link RunAs#error()}) are not examined.
     *
     * @param what names the script in logs ({@code vrrp_script chk})
     */
    public static RunAs judge(String what, String commandLine, RunAs as, boolean scriptSecurity) {
        if (as.error().isPresent()) {
            return as;
        }
        Finding f = examine(commandLine, as.privileged());
        if (f.refused(scriptSecurity)) {
            String why = "not run as root: " + f.detail()
                    + (f.kind() == Finding.Kind.PLANTABLE ? " and a non-root user could create it" : "")
                    + (scriptSecurity ? " (enable_script_security)" : "");
            LOG.log(ERROR, "{0}: {1}", what, why);
            return as.refused(why);
        }
        if (f.kind() == Finding.Kind.NOT_FOUND) {
            LOG.log(WARNING, "{0}: {1}; it fails until root creates it", what, f.detail());
        } else if (f.kind() == Finding.Kind.UNSAFE) {
            LOG.log(
                    WARNING,
                    "{0}: runs as root although {1}; enable_script_security would refuse it",
                    what,
                    f.detail());
        }
        return as;
    }

    /**
     * Examines a script's command line.
     *
     * @param commandLine as written in the configuration (the first word is the executable)
     * @param runsAsRoot  whether it runs with user or group id 0 ({@link RunAs#privileged()})
     */
    public static Finding examine(String commandLine, boolean runsAsRoot) {
        List<String> words = CommandLine.split(commandLine);
        if (words.isEmpty()) {
            return new Finding(Finding.Kind.NOT_FOUND, "the command is empty");
        }
        Optional<Path> exe = locate(words.getFirst());
        if (exe.isEmpty()) {
            return new Finding(Finding.Kind.NOT_FOUND, words.getFirst() + " is not found in PATH");
        }
        return examinePath(exe.get(), runsAsRoot);
    }

    /** As {@link #examine}, for an executable's path. */
    static Finding examinePath(Path exe, boolean runsAsRoot) {
        if (!runsAsRoot && !setIdRoot(exe)) {
            return new Finding(Finding.Kind.NOT_ROOT, "");
        }
        return walk(exe.toAbsolutePath());
    }

    /** A bare name is looked up in the scripts' PATH, as setsid (and keepalived's find_path) will do. */
    static Optional<Path> locate(String word) {
        if (word.contains("/")) {
            return Optional.of(Path.of(word));
        }
        for (String dir : ScriptEnvironment.PATH.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, word);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A set-user-id-root or set-group-id-root executable runs as root whoever starts it. */
    private static boolean setIdRoot(Path exe) {
        try {
            int mode = (Integer) Files.getAttribute(exe, "unix:mode");
            int uid = (Integer) Files.getAttribute(exe, "unix:uid");
            int gid = (Integer) Files.getAttribute(exe, "unix:gid");
            return (uid == 0 && (mode & S_IXUSR) != 0 && (mode & S_ISUID) != 0)
                    || (gid == 0 && (mode & S_IXGRP) != 0 && (mode & S_ISGID) != 0);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // not found: the walk (or the run) says so when it matters
        }
    }

    /**
     * Resolves {@code path} element by element from {@code /}, as the kernel will at exec time,
     * checking each directory passed, each link followed and the file reached.
     */
    private static Finding walk(Path path) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        Path at = Path.of("/");
        Optional<String> bad = unsafe(at, true);
        if (bad.isPresent()) {
            return new Finding(Finding.Kind.UNSAFE, bad.get());
        }
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                at = at.getParent() == null ? at : at.getParent();
                continue;
            }
            Path next = at.resolve(name);
            boolean last = todo.isEmpty();
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                // 'at' passed the checks, so only a sticky directory can let others add to it.
                return new Finding(
                        othersMayAdd(at) ? Finding.Kind.PLANTABLE : Finding.Kind.NOT_FOUND, next + " does not exist");
            }
            bad = unsafe(next, !last);
            if (bad.isPresent()) {
                return new Finding(Finding.Kind.UNSAFE, bad.get());
            }
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    return new Finding(Finding.Kind.NOT_FOUND, path + ": too many symbolic links");
                }
                Path target;
                try {
                    target = Files.readSymbolicLink(next);
                } catch (IOException e) {
                    return new Finding(Finding.Kind.NOT_FOUND, next + ": " + e.getMessage());
                }
                push(todo, target);
                if (target.isAbsolute()) {
                    at = Path.of("/");
                }
                continue;
            }
            at = next;
        }
        return new Finding(Finding.Kind.SAFE, "");
    }

    /** Puts {@code p}'s elements in front of what is still to resolve. */
    private static void push(Deque<String> todo, Path p) {
        for (int i = p.getNameCount() - 1; i >= 0; i--) {
            todo.push(p.getName(i).toString());
        }
    }

    /** Whether a non-root user may create entries in directory {@code dir}. */
    private static boolean othersMayAdd(Path dir) {
        try {
            int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return uid != 0 || (mode & S_IWOTH) != 0 || (gid != 0 && (mode & S_IWGRP) != 0);
        } catch (IOException e) {
            return true; // cannot tell: the safe side
        }
    }

    /** Why one path element (not followed) is unsafe, or empty. */
    private static Optional<String> unsafe(Path p, boolean mustBeDirectory) {
        int mode;
        int uid;
        int gid;
        try {
            mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.of(p + " cannot be examined: " + e.getMessage());
        }
        boolean link = Files.isSymbolicLink(p);
        boolean dir = !link && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        boolean file = !link && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
        if (uid != 0) {
            return Optional.of(p + " is owned by uid " + uid + ", not root");
        }
        if (link) {
            return Optional.empty(); // a link's own mode means nothing; its owner and target do
        }
        if (mustBeDirectory ? !dir : !file) {
            return Optional.of(p + " is not a " + (mustBeDirectory ? "directory" : "regular file"));
        }
        boolean stickyDir = dir && (mode & S_ISVTX) != 0;
        if (!stickyDir && gid != 0 && (mode & S_IWGRP) != 0) {
            return Optional.of(p + " is writable by group " + gid + String.format(" (mode %04o)", mode & 07777));
        }
        if (!stickyDir && (mode & S_IWOTH) != 0) {
            return Optional.of(p + " is writable by everyone" + String.format(" (mode %04o)", mode & 07777));
        }
        return Optional.empty();
    }
}
