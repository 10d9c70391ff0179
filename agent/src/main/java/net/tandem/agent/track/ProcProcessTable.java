package net.tandem.agent.track;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The processes in /proc. Each process's files are read with a bounded read and without following a symbolic link
 * (/proc/self is one, and so is nothing we want), and a process that ends while being read is simply left out: that
 * is normal, not an error.
 *
 * <p>keepalived learns of forks, execs and exits from the kernel's process connector, which is not available inside
 * a network namespace other than the initial one; reading /proc works wherever the agent runs.
 */
public final class ProcProcessTable implements ProcessTable {
    /** /proc/PID/stat: "PID (COMM) STATE ..."; COMM is at most 15 bytes, so this is plenty. */
    private static final int STAT_MAX = 512;
    /** The longest command line read; matching compares at most this much, as keepalived reads a bounded prefix. */
    static final int CMDLINE_MAX = 4096;

    private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path root;

    public ProcProcessTable() {
        this(Path.of("/proc"));
    }

    ProcProcessTable(Path root) {
        this.root = root;
    }

    @Override
    public List<ProcessInfo> snapshot(boolean commandLines) {
        List<ProcessInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root, ProcProcessTable::isPid)) {
            for (Path p : dir) {
                read(p, commandLines).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return out;
    }

    private static boolean isPid(Path p) {
        String n = p.getFileName().toString();
        return !n.isEmpty() && n.chars().allMatch(c -> c >= '0' && c <= '9') && n.charAt(0) != '0';
    }

    /** One process, or empty when it is a zombie or went away while we looked. */
    private static Optional<ProcessInfo> read(Path dir, boolean commandLine) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            String stat = new String(readBounded(dir.resolve("stat"), STAT_MAX), StandardCharsets.UTF_8);
            // COMM may itself hold ')' or spaces: it runs from the first '(' to the last ')'.
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open || close + 2 >= stat.length()) {
                return Optional.empty();
            }
            if (stat.charAt(close + 2) == 'Z') {
                return Optional.empty(); // a zombie is not running (keepalived leaves them out too)
            }
            String comm = stat.substring(open + 1, close);
            List<String> argv = commandLine ? argv(readBounded(dir.resolve("cmdline"), CMDLINE_MAX)) : List.of();
            return Optional.of(
                    new ProcessInfo(Integer.parseInt(dir.getFileName().toString()), comm, argv));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // ended (ENOENT, ESRCH) or not ours to read: either way not counted
        }
    }

    /** cmdline is argv, each followed by a NUL. */
    static List<String> argv(byte[] bytes) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            out.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8)); // cut at CMDLINE_MAX
        }
        return out;
    }

    private static byte[] readBounded(Path file, int max) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file, READ_NO_FOLLOW)) {
            ByteBuffer buf = ByteBuffer.allocate(max);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // /proc files may come in several reads
            }
            byte[] out = new byte[buf.position()];
            buf.flip().get(out);
            return out;
        }
    }
}
