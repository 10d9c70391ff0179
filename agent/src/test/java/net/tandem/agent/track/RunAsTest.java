package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.tandem.agent.config.ScriptUser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RunAsTest {
    @Test
    void anUnknownUserIsRefusedWithAReason() {
        RunAs r = RunAs.resolve(Optional.of(new ScriptUser("no-such-user-tandem", Optional.empty())), Optional.empty());
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("'no-such-user-tandem' does not exist"));
    }

    @Test
    void aScriptRunsAsItsUserWhenTheAgentIsRoot() {
        Assumptions.assumeTrue(RunAs.isRoot(), "needs root to switch user");
        RunAs r = RunAs.resolve(Optional.empty(), Optional.of(new ScriptUser("nobody", Optional.empty())));
        assertThat(r.error()).isEmpty();
        List<String> argv = new ArrayList<>(r.prefix());
        argv.addAll(List.of("sh", "-c", "test \"$(id -un)\" = nobody"));
        assertThat(ProcessScriptRunner.runNow("t", argv, Duration.ofSeconds(5)).success())
                .isTrue();
    }
}
