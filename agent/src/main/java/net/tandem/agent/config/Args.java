package net.tandem.agent.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Reads a statement's arguments as values. A wrong value is an error at the offending word that says what was
 * expected and what was found; a missing one is reported just after the last word of the line. Each method returns
 * empty after reporting, so the caller keeps its default and parsing goes on.
 */
final class Args {

    private Args() {}

    static Optional<Token> arg(Statement st, int index) {
        return index < st.args().size() ? Optional.of(st.args().get(index)) : Optional.empty();
    }

    /** Reports the argument at {@code index} (or its absence) as not being {@code expected}. */
    static void wrong(Statement st, int index, String expected, Diagnostics d) {
        Optional<Token> t = arg(st, index);
        if (t.isPresent()) {
            d.error(
                    t.get().pos(),
                    st.keyword() + ": expected " + expected + ", got \""
                            + t.get().text() + "\"");
        } else {
            d.error(st.endPos(), st.keyword() + ": expected " + expected + ", got nothing");
        }
    }

    static Optional<String> word(Statement st, int index, String expected, Diagnostics d) {
        Optional<Token> t = arg(st, index);
        if (t.isEmpty()) {
            wrong(st, index, expected, d);
        }
        return t.map(Token::text);
    }

    static OptionalInt integer(Statement st, int index, int min, int max, Diagnostics d) {
        String expected = max == Integer.MAX_VALUE ? "an integer of at least " + min : "an integer " + min + ".." + max;
        Optional<Token> t = arg(st, index);
        if (t.isPresent() && t.get().text().matches("-?[0-9]{1,10}")) {
            long v = Long.parseLong(t.get().text());
            if (v >= min && v <= max) {
                return OptionalInt.of((int) v);
            }
        }
        wrong(st, index, expected, d);
        return OptionalInt.empty();
    }

    /**
     * keepalived's optional boolean ({@code higher_prio_send_advert [<BOOL>]}): absent means true; otherwise
     * true/on/yes or false/off/no, as keepalived's check_true_false.
     */
    static Optional<Boolean> flag(Statement st, int index, Diagnostics d) {
        Optional<Token> t = arg(st, index);
        if (t.isEmpty()) {
            return Optional.of(true);
        }
        switch (t.get().text()) {
            case "true", "on", "yes" -> {
                return Optional.of(true);
            }
            case "false", "off", "no" -> {
                return Optional.of(false);
            }
            default -> {
                wrong(st, index, "true/on/yes or false/off/no (or nothing, meaning true)", d);
                return Optional.empty();
            }
        }
    }

    /**
     * Seconds written as keepalived writes timers: an integer or a decimal ({@code 1}, {@code 0.01}), with at most
     * microsecond resolution.
     */
    static Optional<Duration> seconds(Statement st, int index, Duration min, Duration max, Diagnostics d) {
        String expected = "seconds " + show(min) + ".." + show(max);
        Optional<Token> t = arg(st, index);
        if (t.isPresent()) {
            Optional<Duration> v = parseSeconds(t.get().text());
            if (v.isPresent() && v.get().compareTo(min) >= 0 && v.get().compareTo(max) <= 0) {
                return v;
            }
        }
        wrong(st, index, expected, d);
        return Optional.empty();
    }

    static Optional<Duration> parseSeconds(String text) {
        if (!text.matches("[0-9]{1,9}(\\.[0-9]{1,6})?")) {
            return Optional.empty();
        }
        BigDecimal micros = new BigDecimal(text).movePointRight(6);
        return Optional.of(Duration.ofNanos(micros.longValueExact() * 1000));
    }

    /** A duration as a user would write it in the configuration: {@code 1}, {@code 0.01}, {@code 40.95}. */
    static String show(Duration d) {
        return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    static Optional<InetAddress> address(Statement st, int index, Diagnostics d) {
        Optional<Token> t = arg(st, index);
        Optional<InetAddress> a = t.flatMap(tok -> IpAddresses.parse(tok.text()));
        if (a.isEmpty()) {
            wrong(st, index, "an IPv4 or IPv6 address", d);
        }
        return a;
    }

    /** Warns about words after the first {@code used} arguments: accepted by nobody, so never silently dropped. */
    static void noMore(Statement st, int used, Diagnostics d) {
        if (st.args().size() > used) {
            Token extra = st.args().get(used);
            d.warning(extra.pos(), st.keyword() + ": unexpected \"" + extra.text() + "\"; ignored");
        }
    }

    /**
     * A command line ({@code script}, {@code notify_*}): the rest of the line. A single quoted word is the whole
     * command without its quotes ({@code script "/usr/bin/check arg"}); several words are joined by single spaces,
     * quoted ones keeping their quotes so that a later split sees the same arguments keepalived would.
     */
    static Optional<String> commandLine(Statement st, Diagnostics d) {
        if (st.args().isEmpty()) {
            d.error(st.endPos(), st.keyword() + ": expected a command line, got nothing");
            return Optional.empty();
        }
        if (st.args().size() == 1) {
            return Optional.of(st.args().getFirst().text());
        }
        return Optional.of(st.args().stream().map(Token::shown).collect(Collectors.joining(" ")));
    }

    /**
     * A {@code notify*} line, as keepalived reads it: {@code COMMAND [USER [GROUP]]}. COMMAND is the
     * first word, or a quoted string with the script and its arguments; the next words name the user
     * (and group) to run it as. So {@code notify_master /etc/ha/master.sh root} runs master.sh as
     * root, not with "root" as an argument: quote the command when it has arguments.
     */
    static Optional<NotifyCommand> notifyCommand(Statement st, Diagnostics d) {
        if (st.args().isEmpty()) {
            d.error(st.endPos(), st.keyword() + ": expected a command line, got nothing");
            return Optional.empty();
        }
        List<Token> a = st.args();
        Optional<ScriptUser> user = a.size() < 2
                ? Optional.empty()
                : Optional.of(new ScriptUser(
                        a.get(1).text(), a.size() > 2 ? Optional.of(a.get(2).text()) : Optional.empty()));
        for (Token extra : a.subList(Math.min(a.size(), 3), a.size())) {
            d.warning(
                    extra.pos(),
                    st.keyword() + ": unexpected \"" + extra.text() + "\"; keepalived reads COMMAND [USER"
                            + " [GROUP]]: quote the command if these are its arguments; ignored");
        }
        return Optional.of(new NotifyCommand(a.getFirst().text(), user));
    }

    /** {@code ... weight N [reverse]} after a name, as in track_script / track_file / track_interface lines. */
    static TrackRef trackRef(Statement st, String block, int weightMin, int weightMax, Diagnostics d) {
        String label = block + " " + st.keyword();
        OptionalInt weight = OptionalInt.empty();
        boolean reverse = false;
        int i = 0;
        while (i < st.args().size()) {
            String w = st.args().get(i).text();
            if (w.equals("weight") && weight.isEmpty()) {
                weight = integerAfter(st, label, i, weightMin, weightMax, d);
                i += 2;
            } else if (w.equals("reverse") && weight.isPresent()) {
                reverse = true;
                i++;
            } else {
                d.warning(
                        st.args().get(i).pos(),
                        label + ": unexpected \"" + w + "\"; expected \"weight N\"; rest of the line ignored");
                break;
            }
        }
        return new TrackRef(st.keyword(), weight, reverse, st.pos());
    }

    private static OptionalInt integerAfter(
            Statement st, String label, int keywordIndex, int min, int max, Diagnostics d) {
        Optional<Token> t = arg(st, keywordIndex + 1);
        if (t.isPresent() && t.get().text().matches("-?[0-9]{1,10}")) {
            long v = Long.parseLong(t.get().text());
            if (v >= min && v <= max) {
                return OptionalInt.of((int) v);
            }
        }
        String what = st.args().get(keywordIndex).text();
        String expected = "an integer " + min + ".." + max;
        if (t.isPresent()) {
            d.error(
                    t.get().pos(),
                    label + ": " + what + ": expected " + expected + ", got \""
                            + t.get().text() + "\"");
        } else {
            d.error(st.endPos(), label + ": " + what + ": expected " + expected + ", got nothing");
        }
        return OptionalInt.empty();
    }
}
