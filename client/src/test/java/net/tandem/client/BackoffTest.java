package net.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromHalfASecondUpToFiveSeconds() {
        Backoff backoff = new Backoff();

        assertThat(new long[] {
                    backoff.nextDelayNanos(),
                    backoff.nextDelayNanos(),
                    backoff.nextDelayNanos(),
                    backoff.nextDelayNanos(),
                    backoff.nextDelayNanos(),
                    backoff.nextDelayNanos()
                })
                .containsExactly(
                        500_000_000L, 1_000_000_000L, 2_000_000_000L, 4_000_000_000L, 5_000_000_000L, 5_000_000_000L);
    }

    @Test
    void startsOverOnceTheNodeAnswers() {
        Backoff backoff = new Backoff();
        backoff.nextDelayNanos();
        backoff.nextDelayNanos();

        backoff.reset();

        assertThat(backoff.nextDelayNanos()).isEqualTo(500_000_000L);
    }
}
