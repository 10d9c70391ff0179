package net.tandem.agent.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * keepalived's process tuning for its VRRP process, from {@code global_defs}: what a loaded host sets so that
 * adverts go out on time. Tandem applies it to its own process at start (see {@code linux.Scheduling}).
 *
 * @param nice             {@code vrrp_priority}: the nice value (-20..19) of every thread, if set
 * @param realtimePriority {@code vrrp_rt_priority}: SCHED_RR priority (1..99) for the threads that time and send
 *                         adverts (the event loop, the receivers, the data plane), if set
 * @param lockMemory       {@code vrrp_no_swap}: mlockall(MCL_CURRENT | MCL_FUTURE), so no page of the agent is
 *                         swapped out and faulted back in on the path of an advert
 * @param cpus             {@code vrrp_cpu_affinity}: the CPUs every thread may run on; empty means any
 */
public record ProcessTuning(OptionalInt nice, OptionalInt realtimePriority, boolean lockMemory, List<Integer> cpus) {

    public ProcessTuning {
        cpus = List.copyOf(cpus);
    }

    public static ProcessTuning none() {
        return new ProcessTuning(OptionalInt.empty(), OptionalInt.empty(), false, List.of());
    }

    public boolean isNone() {
        return equals(none());
    }
}
