package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.tandem.agent.config.NotifyCommand;
import net.tandem.agent.config.NotifyScripts;
import net.tandem.agent.config.ScriptUser;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notify scripts get exactly keepalived's arguments, in transition order, per instance. */
class NotifierTest {
    @TempDir
    Path dir;

    /** A script that appends its name and "$@" to the log, one line per run. */
    private String recorder(String name, Path log, String delay) throws Exception {
        Path script = dir.resolve(name + ".sh");
        Files.writeString(
                script,
                "#!/bin/sh\n" + (delay.isEmpty() ? "" : "sleep " + delay + "\n") + "echo \"" + name + " $*\" >> " + log
                        + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    @Test
    void specificScriptFirstThenGenericWithFourArgumentsInTransitionOrder() throws Exception {
        Path log = dir.resolve("notify.log");
        // notify_master is slow: the BACKUP notifications after it must still come after it.
        NotifyScripts scripts = new NotifyScripts(
                Optional.of(NotifyCommand.of("'" + recorder("to_master", log, "0.3") + "' VI_1")),
                Optional.of(NotifyCommand.of(recorder("to_backup", log, ""))),
                Optional.of(NotifyCommand.of(recorder("to_fault", log, ""))),
                Optional.of(NotifyCommand.of(recorder("to_stop", log, ""))),
                Optional.of(NotifyCommand.of(recorder("notify", log, ""))));
        Notifier n = new Notifier();
        n.configure(Map.of("VI_1", scripts), RunAs.self(), Map.of());

        n.onTransition(
                FakeInstance.of("VI_1", 150), new Transition("VI_1", State.INITIALIZE, State.BACKUP, "start", 0));
        n.onTransition(FakeInstance.of("VI_1", 150), new Transition("VI_1", State.BACKUP, State.MASTER, "timer", 0));
        n.onTransition(FakeInstance.of("VI_1", 100), new Transition("VI_1", State.MASTER, State.FAULT, "chk", 0));
        n.onTransition(FakeInstance.of("VI_1", 100), new Transition("VI_1", State.FAULT, State.BACKUP, "ok", 0));
        n.onTransition(FakeInstance.of("VI_1", 100), new Transition("VI_1", State.BACKUP, State.INITIALIZE, "stop", 0));
        n.close(Duration.ofSeconds(10));

        assertThat(Files.readAllLines(log))
                .containsExactly(
                        "to_backup ",
                        "notify INSTANCE VI_1 BACKUP 150",
                        "to_master VI_1",
                        "notify INSTANCE VI_1 MASTER 150",
                        "to_fault ",
                        "notify INSTANCE VI_1 FAULT 100",
                        "to_backup ",
                        "notify INSTANCE VI_1 BACKUP 100",
                        "to_stop ",
                        "notify INSTANCE VI_1 STOP 100");
    }

    @Test
    void aGroupGetsGroupNameStateAndPriorityZero() throws Exception {
        Path log = dir.resolve("group.log");
        NotifyScripts scripts = new NotifyScripts(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(NotifyCommand.of("'" + recorder("notify", log, "") + "' extra")));
        Notifier n = new Notifier();
        n.configure(Map.of("G1", scripts), RunAs.self(), Map.of());
        n.groupChanged("G1", "MASTER");
        n.close(Duration.ofSeconds(10));
        assertThat(Files.readAllLines(log)).containsExactly("notify extra GROUP G1 MASTER 0");
    }

    @Test
    void aHungNotifyIsKilledAndTheNextOneStillRuns() throws Exception {
        Path log = dir.resolve("hung.log");
        NotifyScripts scripts = new NotifyScripts(
                Optional.of(NotifyCommand.of(recorder("hung", log, "30"))),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(NotifyCommand.of(recorder("notify", log, ""))));
        Notifier n = new Notifier(ProcessScriptRunner::runNow, Duration.ofMillis(300));
        n.configure(Map.of("VI_1", scripts), RunAs.self(), Map.of());
        n.onTransition(FakeInstance.of("VI_1", 100), new Transition("VI_1", State.BACKUP, State.MASTER, "t", 0));
        n.close(Duration.ofSeconds(10));
        assertThat(Files.readAllLines(log)).containsExactly("notify INSTANCE VI_1 MASTER 100");
    }

    @Test
    void aCommandThatNamesItsUserRunsAsThatUserOthersAsScriptUser() {
        List<List<String>> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScriptUser www = new ScriptUser("www-data", Optional.empty());
        NotifyScripts scripts = new NotifyScripts(
                Optional.of(new NotifyCommand("/etc/ha/master.sh", Optional.of(www))),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(NotifyCommand.of("/etc/ha/any.sh")));
        Notifier n = new Notifier(
                (name, argv, timeout) -> {
                    ran.add(argv);
                    return ProcessScriptRunner.runNow(name, List.of("true"), timeout);
                },
                Duration.ofSeconds(5));
        n.configure(
                Map.of("VI_1", scripts),
                new RunAs("user keepalived_script", List.of("as-script-user", "--"), Optional.empty()),
                Map.of(www, new RunAs("user www-data", List.of("as-www-data", "--"), Optional.empty())));
        n.onTransition(FakeInstance.of("VI_1", 100), new Transition("VI_1", State.BACKUP, State.MASTER, "t", 0));
        n.close(Duration.ofSeconds(10));
        assertThat(ran)
                .containsExactly(
                        List.of("as-www-data", "--", "/etc/ha/master.sh"),
                        List.of("as-script-user", "--", "/etc/ha/any.sh", "INSTANCE", "VI_1", "MASTER", "100"));
    }

    @Test
    void stateWordsAreKeepalivedsAndStartingIsNotAStop() {
        assertThat(Notifier.stateWord(new Transition("x", State.MASTER, State.INITIALIZE, "", 0)))
                .contains("STOP");
        assertThat(Notifier.stateWord(new Transition("x", State.INITIALIZE, State.INITIALIZE, "", 0)))
                .isEmpty();
        assertThat(List.of(State.values())).hasSize(4);
    }
}
