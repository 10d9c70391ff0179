package net.tandem.agent;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.tandem.agent.config.ProcessTuning;
import net.tandem.agent.linux.NativeException;
import net.tandem.agent.linux.Scheduling;
import net.tandem.agent.linux.Scheduling.ThreadId;

/**
 * Applies keepalived's {@code vrrp_priority}, {@code vrrp_rt_priority}, {@code vrrp_no_swap} and
 * {@code vrrp_cpu_affinity} to the running agent, once, after its threads have started (threads started later
 * inherit the settings of the thread that starts them). keepalived sets them on its whole VRRP process, which is
 * one thread; Tandem is a JVM, so real-time scheduling goes only to the threads on an advert's path (the event
 * loop, the receivers, the data plane) and to the JVM's VM thread, never to the compiler or the other JVM threads,
 * which could then starve the rest of the machine. The VM thread is on the advert's path too: every Java thread
 * stops at a safepoint until the VM thread has done its operation (with SerialGC that includes the collection
 * itself, a few ms on this heap), so a VM thread waiting behind the load for a CPU held the real-time event loop
 * for 300 ms under {@code stress-ng --cpu 2} in bin/bench's jitter scenario. A setting the kernel refuses (no CAP_SYS_NICE, RLIMIT_MEMLOCK...) is logged with the
 * reason and the agent runs on without it, as keepalived does.
 */
final class ProcessTuner {
    private static final System.Logger LOG = System.getLogger(ProcessTuner.class.getName());

    /** Thread names (as the kernel shows them: 15 characters at most) that time, send or receive adverts. */
    static final List<String> ADVERT_PATH = List.of("tandem-vrrp", "tandem-rx-", "tandem-dataplan", "VM Thread");

    private ProcessTuner() {}

    static boolean onAdvertPath(String threadName) {
        return ADVERT_PATH.stream().anyMatch(threadName::startsWith);
    }

    /** Applies what is set; returns what could not be applied (also logged). */
    static List<String> apply(ProcessTuning tuning) {
        List<String> problems = new ArrayList<>();
        if (tuning.isNone()) {
            return problems;
        }
        List<ThreadId> threads;
        try {
            threads = Scheduling.threads();
        } catch (IOException e) {
            problems.add("tuning: cannot list this process's threads in /proc/self/task: " + e.getMessage()
                    + "; vrrp_priority, vrrp_rt_priority and vrrp_cpu_affinity not applied");
            problems.forEach(p -> LOG.log(WARNING, p));
            return problems;
        }
        if (tuning.lockMemory()) {
            try {
                Scheduling.lockAllMemory();
                LOG.log(INFO, "tuning: vrrp_no_swap: memory locked (mlockall)");
            } catch (NativeException e) {
                problems.add("tuning: vrrp_no_swap: " + e.getMessage() + "; memory stays swappable");
            }
        }
        if (!tuning.cpus().isEmpty()) {
            perThread(
                    threads,
                    t -> true,
                    t -> Scheduling.setAffinity(t.tid(), tuning.cpus()),
                    "vrrp_cpu_affinity " + tuning.cpus(),
                    problems);
        }
        tuning.nice()
                .ifPresent(nice -> perThread(
                        threads, t -> true, t -> Scheduling.setNice(t.tid(), nice), "vrrp_priority " + nice, problems));
        tuning.realtimePriority()
                .ifPresent(rt -> perThread(
                        threads,
                        t -> onAdvertPath(t.name()),
                        t -> Scheduling.setRoundRobin(t.tid(), rt),
                        "vrrp_rt_priority " + rt + " (SCHED_RR)",
                        problems));
        problems.forEach(p -> LOG.log(WARNING, p));
        return problems;
    }

    private interface ThreadCall {
        void apply(ThreadId t) throws NativeException;
    }

    private static void perThread(
            List<ThreadId> threads,
            java.util.function.Predicate<ThreadId> which,
            ThreadCall call,
            String what,
            List<String> problems) {
        List<String> done = new ArrayList<>();
        for (ThreadId t : threads) {
            if (!which.test(t)) {
                continue;
            }
            try {
                call.apply(t);
                done.add(t.name());
            } catch (NativeException e) {
                if (e.errno() == 3) { // ESRCH: the thread ended meanwhile
                    continue;
                }
                problems.add("tuning: " + what + ": " + e.getMessage() + " (thread " + t.name() + "); not applied");
                return; // the same refusal would follow for every thread
            }
        }
        LOG.log(INFO, "tuning: " + what + " applied to " + done.size() + " threads " + done);
    }
}
