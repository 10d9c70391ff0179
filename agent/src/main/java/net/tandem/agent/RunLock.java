package net.tandem.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import net.tandem.agent.dump.RunDirectory;

/**
 * One agent per run directory: {@code DIR/tandem.pid}, locked (fcntl, released by the kernel when the process dies,
 * however it dies) and holding the pid. Taken before anything else, so that a second agent started by mistake stops
 * before it touches the interfaces: its start removes "leftover" VIPs, which would be the running agent's. This used
 * to be the control server's bind, which made the gRPC/Netty start come before the data plane; the lock costs a
 * file and a system call.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = "tandem.pid";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws IOException the run directory is unsafe, or another agent holds the lock (the message names its pid)
     */
    static RunLock take(Path runDir) throws IOException {
        RunDirectory dir = new RunDirectory(runDir);
        dir.checkOrCreate();
        Path file = dir.path().resolve(FILE);
        FileChannel channel = FileChannel.open(
                file,
                Set.of(
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("another agent runs with the run directory " + dir.path() + " (pid "
                        + holder(channel) + "); stop it first, or give this one another --run-dir");
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new RunLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        channel.read(b, 0);
        String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
        return pid.isEmpty() ? "unknown" : pid;
    }

    /** Released at exit by the kernel anyway; the file stays (as keepalived's pid file may), unlocked. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing a lock file: nothing to do about it
        }
    }
}
