package net.tandem.agent.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fault table: one row per scenario and implementation, and what broke the expectations:
 * an agent died; an address was left behind; not exactly one holder at the end; the VIP unheld
 * longer than Master_Down_Interval + 50 ms; two holders outside a partition, a stopped master or a
 * killed one (their addresses stay in the kernel, as a partitioned node's do); not exactly one holder within
 * two advert intervals (2 s) of the heal; more transitions than keepalived in the same scenario.
 */
final class ChaosTable {
    static final long UNHELD_BOUND_MS = ChaosLab.BACKUP_MASTER_DOWN.toMillis() + 50;
    static final long HEAL_BOUND_MS = 2000;

    private ChaosTable() {}

    static List<String> problems(Tally t, Optional<Tally> keepalived) {
        List<String> out = new ArrayList<>();
        if (t.note().startsWith("not applicable")) {
            return out;
        }
        if (t.note().startsWith("did not settle")) {
            out.add("did not settle");
            return out;
        }
        Scenario s = Scenario.of(t.scenario());
        // A stopped master keeps its addresses in the kernel, as a partitioned node does, and a killed
        // one leaves them there until it restarts: two holders then are unavoidable, not a bug.
        boolean split = s.splitsTheLan() || s == Scenario.STOP_MASTER || s == Scenario.KILL_MASTER;
        if (!t.died().isEmpty()) {
            out.add("died: " + String.join(",", t.died()));
        }
        if (!t.leftBehind().isEmpty()) {
            out.add("left behind: " + String.join(",", t.leftBehind()));
        }
        if (!t.oneAtEnd()) {
            out.add("not one holder at the end");
        }
        if (t.longestNoneMs() > UNHELD_BOUND_MS) {
            out.add("unheld " + t.longestNoneMs() + " ms > " + UNHELD_BOUND_MS);
        }
        if (t.twoMs() > 0 && !split) {
            out.add("two holders");
        }
        if (split && t.settledAfterHealMs() > HEAL_BOUND_MS) {
            out.add("one holder " + t.settledAfterHealMs() + " ms after the heal > " + HEAL_BOUND_MS);
        }
        keepalived
                .filter(k -> t.impl() == Impl.TANDEM && t.transitions() > k.transitions())
                .ifPresent(k -> out.add(
                        "more transitions than keepalived (" + t.transitions() + " > " + k.transitions() + ")"));
        return out;
    }

    /** A Markdown table, scenario by scenario, Tandem's row above keepalived's. */
    static String markdown(List<Tally> tallies) {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | impl | window s | 1 holder ms | 2 holders ms | none ms | longest none ms |"
                + " longest 2 ms | transitions | 1 holder after heal ms | pings lost | expectations | notes |\n");
        b.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n");
        for (Scenario s : Scenario.values()) {
            for (Impl i : Impl.values()) {
                for (Tally t : tallies) {
                    if (!t.scenario().equals(s.label()) || t.impl() != i) {
                        continue;
                    }
                    Optional<Tally> k = tallies.stream()
                            .filter(o -> o.scenario().equals(t.scenario()) && o.impl() == Impl.KEEPALIVED)
                            .findFirst();
                    List<String> p = problems(t, k);
                    boolean na = t.note().startsWith("not applicable");
                    b.append("| ")
                            .append(s.label())
                            .append(" | ")
                            .append(i.label())
                            .append(" | ");
                    if (na) {
                        b.append("– | – | – | – | – | – | – | – | – | n/a | ")
                                .append(t.note())
                                .append(" |\n");
                        continue;
                    }
                    b.append(Math.round(t.windowMs() / 1000.0))
                            .append(" | ")
                            .append(t.oneMs())
                            .append(" | ")
                            .append(t.twoMs())
                            .append(" | ")
                            .append(t.noneMs())
                            .append(" | ")
                            .append(t.longestNoneMs())
                            .append(" | ")
                            .append(t.longestTwoMs())
                            .append(" | ")
                            .append(t.transitions())
                            .append(" | ")
                            .append(t.settledAfterHealMs() < 0 ? "–" : Long.toString(t.settledAfterHealMs()))
                            .append(" | ")
                            .append(t.pingsLost())
                            .append("/")
                            .append(t.pingsSent())
                            .append(" | ")
                            .append(p.isEmpty() ? "met" : "**" + String.join("; ", p) + "**")
                            .append(" | ")
                            .append(t.note().replace("|", "/"))
                            .append(" |\n");
                }
            }
        }
        return b.toString();
    }
}
