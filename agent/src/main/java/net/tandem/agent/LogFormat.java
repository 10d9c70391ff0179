package net.tandem.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per event on stderr, as a daemon under systemd or in a terminal should log:
 * {@code 2026-11-29T02:24:25.123Z INFO  VI_1: BACKUP -> MASTER (reason)}. The JDK's
 * System.Logger goes to java.util.logging by default, so that is what we configure.
 */
final class LogFormat extends Formatter {
    static void install(boolean debug) {
        LogManager.getLogManager().reset();
        Handler h = new ConsoleHandler();
        h.setFormatter(new LogFormat());
        h.setLevel(debug ? Level.FINE : Level.INFO);
        if (!debug) {
            h.setFilter(new TransportLogFilter());
        }
        Logger root = Logger.getLogger("");
        root.addHandler(h);
        root.setLevel(debug ? Level.FINE : Level.INFO);
    }

    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(160);
        b.append(Instant.ofEpochMilli(r.getMillis()))
                .append(' ')
                .append(level(r.getLevel()))
                .append(' ')
                .append(formatMessage(r))
                .append('\n');
        if (r.getThrown() != null) {
            StringWriter w = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(w));
            b.append(w);
        }
        return b.toString();
    }

    private static String level(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) return "ERROR";
        if (l.intValue() >= Level.WARNING.intValue()) return "WARN ";
        if (l.intValue() >= Level.INFO.intValue()) return "INFO ";
        return "DEBUG";
    }
}
