package net.tandem.console.ctl;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * The API's messages as JSON with protobuf's JSON mapping: camelCase keys from the proto's snake_case names
 * ({@code effectivePriority}, {@code masterDownInterval}, {@code stats.adverTx}), durations as {@code "3.6s"},
 * times as RFC 3339. Every field is printed, also zeros and empty lists, so that keys are stable; a duration that does
 * not apply (an advert never received) is left out.
 */
final class Json {

    private static final JsonFormat.Printer PRETTY =
            JsonFormat.printer().alwaysPrintFieldsWithNoPresence().sortingMapKeys();
    private static final JsonFormat.Printer LINE = PRETTY.omittingInsignificantWhitespace();

    private Json() {}

    static String pretty(MessageOrBuilder m) {
        return print(PRETTY, m);
    }

    /** One line: {@code tandemctl watch --json} prints JSON Lines. */
    static String line(MessageOrBuilder m) {
        return print(LINE, m);
    }

    private static String print(JsonFormat.Printer p, MessageOrBuilder m) {
        try {
            return p.print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("our own messages always print", e);
        }
    }
}
