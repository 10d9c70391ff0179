package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
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

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SETPRIORITY = downcall("setpriority", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SCHED_SETSCHEDULER =
            downcall("sched_setscheduler", JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle SCHED_SETAFFINITY =
            downcall("sched_setaffinity", JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
    private static final MethodHandle MLOCKALL = downcall("mlockall", JAVA_INT, JAVA_INT);
    private static final MethodHandle GETTID = downcall("gettid", JAVA_INT);
    /** int prctl(int option, ...): variadic after the option. */
    private static final MethodHandle PRCTL = downcall(
            "prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG),
            Linker.Option.firstVariadicArg(1),
            Linker.Option.captureCallState("errno"));

    static final int PR_SET_TIMERSLACK = 29;

    private Scheduling() {}

    @SuppressWarnings("restricted") // the JVM runs with --enable-native-access=ALL-UNNAMED
    private static MethodHandle downcall(String name, MemoryLayout result, MemoryLayout... args) {
        MemorySegment symbol = LINKER.defaultLookup()
                .find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(
                symbol, FunctionDescriptor.of(result, args), Linker.Option.captureCallState("errno"));
    }

    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup()
                .find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /**
     * prctl(PR_SET_TIMERSLACK, nanos) for the calling thread: how late the kernel may wake it from a timed wait,
     * to batch wake-ups (50 µs by default). The event loop's deadlines are adverts and master-down timeouts, and at
     * 10 ms intervals 50 µs is more than the spacing of two backups' priorities (39 µs).
     */
    public static void setOwnTimerSlack(long nanos) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            int r = (int) PRCTL.invokeExact(capture, PR_SET_TIMERSLACK, nanos);
            check(r, capture, "prctl(PR_SET_TIMERSLACK, " + nanos + ")");
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The kernel's id of the calling thread (gettid). */
    public static int currentThreadId() {
        try (Arena arena = Arena.ofConfined()) {
            return (int) GETTID.invokeExact(arena.allocate(CAPTURE_LAYOUT));
        } catch (Throwable t) {
            throw new IllegalStateException("gettid", t);
        }
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            int r = (int) SETPRIORITY.invokeExact(capture, PRIO_PROCESS, tid, nice);
            check(r, capture, "setpriority(" + tid + ", " + nice + ")");
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** sched_setscheduler(tid, SCHED_RR, priority). */
    public static void setRoundRobin(int tid, int priority) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment param = arena.allocate(JAVA_INT);
            param.set(JAVA_INT, 0, priority);
            int r = (int) SCHED_SETSCHEDULER.invokeExact(capture, tid, SCHED_RR, param);
            check(r, capture, "sched_setscheduler(" + tid + ", SCHED_RR, " + priority + ")");
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
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
            MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            for (int cpu : cpus) {
                int i = cpu / 8;
                mask.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte)
                        (mask.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) | (1 << (cpu % 8))));
            }
            int r = (int) SCHED_SETAFFINITY.invokeExact(capture, tid, (long) CPU_SET_BYTES, mask);
            check(r, capture, "sched_setaffinity(" + tid + ", " + cpus + ")");
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** mlockall(MCL_CURRENT | MCL_FUTURE). */
    public static void lockAllMemory() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            int r = (int) MLOCKALL.invokeExact(capture, MCL_CURRENT | MCL_FUTURE);
            check(r, capture, "mlockall(MCL_CURRENT | MCL_FUTURE)");
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void check(int result, MemorySegment capture, String call) throws NativeException {
        if (result < 0) {
            throw new NativeException(call, (int) ERRNO.get(capture, 0L), null, null);
        }
    }
}
