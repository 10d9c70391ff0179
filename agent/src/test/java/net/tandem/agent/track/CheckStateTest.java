package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import net.tandem.agent.track.CheckState.Status;
import org.junit.jupiter.api.Test;

/** keepalived's rise/fall counting, one rule per test. */
class CheckStateTest {

    @Test
    void byDefaultTheFirstResultDecidesWhateverRiseSays() {
        CheckState ok = new CheckState(3, 3, false);
        assertThat(ok.status()).isEqualTo(Status.INIT);
        assertThat(ok.record(true)).isTrue();
        assertThat(ok.status()).isEqualTo(Status.OK);

        CheckState failed = new CheckState(3, 3, false);
        assertThat(failed.record(false)).isTrue();
        assertThat(failed.status()).isEqualTo(Status.FAILED);
    }

    @Test
    void failsAfterFallConsecutiveFailures() {
        CheckState s = new CheckState(1, 3, false);
        s.record(true);
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(false)).isTrue();
        assertThat(s.status()).isEqualTo(Status.FAILED);
    }

    @Test
    void aSuccessInBetweenResetsTheFailureCount() {
        CheckState s = new CheckState(1, 2, false);
        s.record(true);
        s.record(false);
        s.record(true);
        assertThat(s.record(false)).isFalse();
        assertThat(s.status()).isEqualTo(Status.OK);
    }

    @Test
    void recoversAfterRiseConsecutiveSuccesses() {
        CheckState s = new CheckState(2, 1, false);
        s.record(false);
        assertThat(s.record(true)).isFalse();
        assertThat(s.status()).isEqualTo(Status.FAILED);
        assertThat(s.record(true)).isTrue();
        assertThat(s.status()).isEqualTo(Status.OK);
    }

    @Test
    void aFailureWhileRisingStartsTheCountAgain() {
        CheckState s = new CheckState(3, 1, true);
        s.record(true);
        s.record(true);
        s.record(false);
        s.record(true);
        s.record(true);
        assertThat(s.status()).isEqualTo(Status.FAILED);
        assertThat(s.record(true)).isTrue();
    }

    @Test
    void initFailStartsFailedAndNeedsRiseSuccesses() {
        CheckState s = new CheckState(2, 1, true);
        assertThat(s.status()).isEqualTo(Status.FAILED);
        assertThat(s.record(true)).isFalse();
        assertThat(s.record(true)).isTrue();
    }
}
