package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Refused calls are audited at most {@code burst} lines a window; the next window's first line counts the rest. */
class RateLimitedLogTest {

    @Test
    void aFloodIsCutToTheBurstAndTheNextLineSaysHowManyWereLeftOut() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(lines::add, now::get, 3, 10_000_000_000L);

        for (int i = 0; i < 1000; i++) {
            log.log("refused " + i);
        }
        now.addAndGet(10_000_000_000L);
        log.log("refused later");

        assertThat(lines)
                .containsExactly(
                        "refused 0",
                        "refused 1",
                        "refused 2",
                        "refused later (997 similar lines left out before this one)");
    }
}
