package net.tandem.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** gRPC's and Netty's lines about clients that went away are one line each and at most ten a minute. */
class TransportLogFilterTest {

    private static LogRecord record(String logger, String message, Throwable thrown) {
        LogRecord r = new LogRecord(Level.INFO, message);
        r.setLoggerName(logger);
        r.setThrown(thrown);
        return r;
    }

    @Test
    void aDisconnectLosesItsStackTraceAndAFloodIsCutToTen() {
        TransportLogFilter filter = new TransportLogFilter();
        int passed = 0;
        LogRecord first = null;
        for (int i = 0; i < 20_000; i++) {
            LogRecord r = record(
                    "io.grpc.netty.NettyServerTransport.connections",
                    "Transport failed",
                    new IOException("Connection reset by peer"));
            if (filter.isLoggable(r)) {
                passed++;
                first = first == null ? r : first;
            }
        }

        assertThat(passed).isEqualTo(TransportLogFilter.BURST);
        assertThat(first.getThrown()).isNull();
        assertThat(first.getMessage()).isEqualTo("Transport failed: java.io.IOException: Connection reset by peer");
    }

    @Test
    void theAgentsOwnLinesAreNeverTouched() {
        TransportLogFilter filter = new TransportLogFilter();
        for (int i = 0; i < 100; i++) {
            LogRecord r = record("net.tandem.agent.control.ControlServer", "control: x", new IOException("y"));
            assertThat(filter.isLoggable(r)).isTrue();
            assertThat(r.getThrown()).isNotNull();
        }
    }

    @Test
    void theSocketOptionWarningOfEveryLocalConnectionIsDropped() {
        assertThat(new TransportLogFilter()
                        .isLoggable(record(
                                "io.netty.bootstrap.ServerBootstrap",
                                "Unknown channel option 'SO_KEEPALIVE' for channel '[id: 0x1]'",
                                null)))
                .isFalse();
    }
}
