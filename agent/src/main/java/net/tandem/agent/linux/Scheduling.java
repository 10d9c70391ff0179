package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the kernel schedules the agent's threads and keeps its memory: setpriority, sched_setscheduler,
 * sched_setaffinity (all per thread on Linux, so each is applied to every thread id in /proc/self/task) and
 * mlockall. Separate from {@link Libc} because only start-up uses it.
 */
public final class Scheduling {
    static final int PRIO_PROCESS = 0;
    static final int SCHED_RR = 2;
    static final int MCL_CURRENT = 1;
    static final int MCL_FUTURE = 2;
    /** cpu_set_t: CPU_SETSIZE (1024) bits. */
    static final int CPU_SET_BYTES = 128;

    // Through Libc's one downcall shape (Libc says why).
    private static final MethodHandle SETPRIORITY = Libc.function("setpriority");
    private static final MethodHandle SCHED_SETSCHEDULER = Libc.function("sched_setscheduler");
    private static final MethodHandle SCHED_SETAFFINITY = Libc.function("sched_setaffinity");
    private static final MethodHandle MLOCKALL = Libc.function("mlockall");
    private static final MethodHandle GETTID = Libc.function("gettid");
    /** int prctl(int option, ...): variadic after the option; integer arguments only, so Libc's shape serves. */
    private static final MethodHandle PRCTL = Libc.function("prctl");

    static final int PR_SET_TIMERSLACK = 29;

    private Scheduling() {}

    /**
     * prctl(PR_SET_TIMERSLACK, nanos) for the calling thread: how late the kernel may wake it from a timed wait,
     * to batch wake-ups (50 µs by default). The event loop's deadlines are adverts and master-down timeouts, and at
     * 10 ms intervals 50 µs is more than the spacing of two backups' priorities (39 µs).
     */
    public static void setOwnTimerSlack(long nanos) throws NativeException {
        int r = (int) Libc.call(PRCTL, PR_SET_TIMERSLACK, nanos);
        Libc.check(r, "prctl(PR_SET_TIMERSLACK, " + nanos + ")", null);
    }

    /** The kernel's id of the calling thread (gettid). */
    public static int currentThreadId() {
        return (int) Libc.call(GETTID);
    }

    /** The thread ids of this process, each with its name (comm, at most 15 characters). */
    public record ThreadId(int tid, String name) {}

    public static List<ThreadId> threads() throws IOException {
        List<ThreadId> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    out.add(new ThreadId(
                            Integer.parseInt(t.getFileName().toString()),
                            Files.readString(t.resolve("comm")).strip()));
                } catch (IOException gone) {
                    // the thread ended while we listed: nothing to set on it
                }
            }
        }
        return out;
    }

    /** setpriority(PRIO_PROCESS, tid, nice): the thread's nice value. */
    public static void setNice(int tid, int nice) throws NativeException {
        int r = (int) Libc.call(SETPRIORITY, PRIO_PROCESS, tid, nice);
        Libc.check(r, "setpriority(" + tid + ", " + nice + ")", null);
    }

    /** sched_setscheduler(tid, SCHED_RR, priority). */
    public static void setRoundRobin(int tid, int priority) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocate(JAVA_INT);
            param.set(JAVA_INT, 0, priority);
            int r = (int) Libc.call(SCHED_SETSCHEDULER, tid, SCHED_RR, Libc.address(param));
            Libc.check(r, "sched_setscheduler(" + tid + ", SCHED_RR, " + priority + ")", null);
        }
    }

    /** sched_setaffinity(tid, cpus). */
    public static void setAffinity(int tid, List<Integer> cpus) throws NativeException {
        for (int cpu : cpus) {
            if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
                throw new IllegalArgumentException("CPU " + cpu + " is outside 0.." + (CPU_SET_BYTES * 8 - 1));
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            for (int cpu : cpus) {
                int i = cpu / 8;
                mask.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte)
                        (mask.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) | (1 << (cpu % 8))));
            }
            int r = (int) Libc.call(SCHED_SETAFFINITY, tid, CPU_SET_BYTES, Libc.address(mask));
            Libc.check(r, "sched_setaffinity(" + tid + ", " + cpus + ")", null);
        }
    }

    /** mlockall(MCL_CURRENT | MCL_FUTURE). */
    public static void lockAllMemory() throws NativeException {
        int r = (int) Libc.call(MLOCKALL, MCL_CURRENT | MCL_FUTURE);
        Libc.check(r, "mlockall(MCL_CURRENT | MCL_FUTURE)", null);
    }
}
