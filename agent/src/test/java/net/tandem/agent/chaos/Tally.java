package net.tandem.agent.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One scenario's result against one implementation, from the kernel's addresses: how long the VIP
 * had exactly one holder, two, none (from the fault to the end of the recovery window), the longest
 * stretch without a holder and with two, how many times a node gained or lost the VIP, how long after
 * the heal (for partitions) until exactly one node held it for good, whether one node held it at the
 * end, how many of the client's pings to the VIP (10 a second, from the fault on) went unanswered (a
 * node that holds the VIP but whose MAC the client does not use is a black hole the kernel's view
 * cannot show), which daemons died by themselves, and which addresses were left after every daemon stopped.
 */
public record Tally(
        String scenario,
        Impl impl,
        long windowMs,
        long oneMs,
        long twoMs,
        long noneMs,
        long longestNoneMs,
        long longestTwoMs,
        int transitions,
        long settledAfterHealMs,
        boolean oneAtEnd,
        int pingsSent,
        int pingsLost,
        List<String> died,
        List<String> leftBehind,
        String note) {

    /**
     * @param faultAt when the fault began (System.nanoTime); samples before it only give the starting state
     * @param healAt  when the fault was undone, or -1
     */
    static Tally of(
            String scenario,
            Impl impl,
            List<VipWatch.Sample> samples,
            long faultAt,
            long healAt,
            int pingsSent,
            int pingsLost,
            List<String> died,
            List<String> leftBehind,
            String note) {
        long one = 0, two = 0, none = 0, run = 0, longestNone = 0, longestTwo = 0;
        int runKind = -1, transitions = 0;
        long lastBadEnd = -1;
        boolean[] before = null;
        long first = -1, last = -1;
        for (int i = 0; i < samples.size(); i++) {
            VipWatch.Sample s = samples.get(i);
            if (s.nanos() < faultAt) {
                before = s.holds();
                continue;
            }
            if (first < 0) {
                first = s.nanos();
            }
            long end = i + 1 < samples.size() ? samples.get(i + 1).nanos() : s.nanos() + VipWatch.PERIOD_NANOS;
            long d = end - s.nanos();
            last = end;
            int h = s.holders();
            switch (h) {
                case 0 -> none += d;
                case 1 -> one += d;
                default -> two += d;
            }
            int kind = Math.min(h, 2);
            run = kind == runKind ? run + d : d;
            runKind = kind;
            if (kind == 0) {
                longestNone = Math.max(longestNone, run);
            } else if (kind == 2) {
                longestTwo = Math.max(longestTwo, run);
            }
            if (before != null) {
                for (int n = 0; n < before.length; n++) {
                    transitions += before[n] != s.holds()[n] ? 1 : 0;
                }
            }
            before = s.holds();
            if (healAt >= 0 && h != 1 && end > healAt) {
                lastBadEnd = end;
            }
        }
        long settled = healAt < 0 ? -1 : Math.max(0, lastBadEnd - healAt);
        boolean oneAtEnd = !samples.isEmpty() && samples.getLast().holders() == 1;
        return new Tally(
                scenario,
                impl,
                ms(first < 0 ? 0 : last - first),
                ms(one),
                ms(two),
                ms(none),
                ms(longestNone),
                ms(longestTwo),
                transitions,
                healAt < 0 ? -1 : ms(settled),
                oneAtEnd,
                pingsSent,
                pingsLost,
                List.copyOf(died),
                List.copyOf(leftBehind),
                note);
    }

    /** How many pings went unanswered after the heal (from the note), or -1 for a scenario without one. */
    public int pingsLostAfterHeal() {
        var m = ChaosLab.LOST_AFTER_HEAL.matcher(note);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    /** A tab-separated line, for bin/chaos to collect one JVM's result per scenario. */
    String toTsv() {
        return String.join(
                "\t",
                scenario,
                impl.label(),
                Long.toString(windowMs),
                Long.toString(oneMs),
                Long.toString(twoMs),
                Long.toString(noneMs),
                Long.toString(longestNoneMs),
                Long.toString(longestTwoMs),
                Integer.toString(transitions),
                Long.toString(settledAfterHealMs),
                Boolean.toString(oneAtEnd),
                Integer.toString(pingsSent),
                Integer.toString(pingsLost),
                String.join(",", died),
                String.join(",", leftBehind),
                note.replace('\t', ' ').replace('\n', ' '));
    }

    static Tally fromTsv(String line) {
        String[] f = Arrays.copyOf(line.split("\t", -1), 16);
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i] == null ? "" : f[i];
        }
        return new Tally(
                f[0],
                Impl.of(f[1]),
                Long.parseLong(f[2]),
                Long.parseLong(f[3]),
                Long.parseLong(f[4]),
                Long.parseLong(f[5]),
                Long.parseLong(f[6]),
                Long.parseLong(f[7]),
                Integer.parseInt(f[8]),
                Long.parseLong(f[9]),
                Boolean.parseBoolean(f[10]),
                Integer.parseInt(f[11]),
                Integer.parseInt(f[12]),
                split(f[13]),
                split(f[14]),
                f[15]);
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : new ArrayList<>(List.of(s.split(",")));
    }
}
