package net.tandem.agent.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.track.ScriptSecurity.Finding.Kind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived's script security on real files. Needs root: only root can make files owned by root
 * and by someone else, and the rules only apply to scripts run as root.
 */
class ScriptSecurityTest {
    private static final int NOBODY = 65534;
    private static final RunAs ROOT = new RunAs("root", List.of(), Optional.empty(), true);

    @TempDir
    Path tmp;

    /** A root-owned directory, 0755, under the (root, 0700) temporary directory. */
    Path dir;

    @BeforeEach
    void rootOnly() throws IOException {
        if (!RunAs.isRoot()) {
            System.err.println("ScriptSecurityTest SKIPPED: needs root to create root- and nobody-owned files");
        }
        Assumptions.assumeTrue(RunAs.isRoot(), "ScriptSecurityTest needs root");
        dir = Files.createDirectory(tmp.resolve("bin"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path script(Path in, String name, String mode) throws IOException {
        Path p = in.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        chmod(p, mode);
        return p;
    }

    private static void chmod(Path p, String mode) throws IOException {
        Files.setAttribute(p, "unix:mode", Integer.parseInt(mode, 8));
    }

    @Test
    void aSafeScriptIsSafeAndRuns() throws IOException {
        Path s = script(dir, "chk.sh", "0755");
        assertThat(ScriptSecurity.examine(s.toString(), true).kind()).isEqualTo(Kind.SAFE);
        RunAs as = ScriptSecurity.judge("chk", s.toString(), ROOT, true);
        assertThat(as.error()).isEmpty();
        List<String> argv = new ArrayList<>(as.prefix());
        argv.add(s.toString());
        assertThat(ProcessScriptRunner.runNow("chk", argv, Duration.ofSeconds(5))
                        .success())
                .isTrue();
    }

    @Test
    void aWorldWritableScriptIsRefused() throws IOException {
        Path s = script(dir, "chk.sh", "0757");
        ScriptSecurity.Finding f = ScriptSecurity.examine(s.toString(), true);
        assertThat(f.kind()).isEqualTo(Kind.UNSAFE);
        assertThat(f.detail()).contains(s.toString()).contains("writable by everyone");
        assertThat(ScriptSecurity.judge("chk", s + " arg", ROOT, true).error())
                .hasValueSatisfying(e -> assertThat(e).contains("enable_script_security"));
    }

    @Test
    void withoutScriptSecurityAnUnsafeScriptStillRunsAsKeepalivedDoes() throws IOException {
        Path s = script(dir, "chk.sh", "0757");
        assertThat(ScriptSecurity.judge("chk", s.toString(), ROOT, false)).isEqualTo(ROOT);
    }

    @Test
    void aGroupWritableScriptIsRefusedUnlessTheGroupIsRoot() throws IOException {
        Path s = script(dir, "chk.sh", "0775");
        assertThat(ScriptSecurity.examine(s.toString(), true).kind()).isEqualTo(Kind.SAFE);
        Files.setAttribute(s, "unix:gid", NOBODY);
        assertThat(ScriptSecurity.examine(s.toString(), true).detail()).contains("writable by group " + NOBODY);
    }

    @Test
    void aScriptOwnedByANonRootUserIsRefused() throws IOException {
        Path s = script(dir, "chk.sh", "0755");
        Files.setAttribute(s, "unix:uid", NOBODY);
        assertThat(ScriptSecurity.examine(s.toString(), true).detail()).contains("owned by uid " + NOBODY);
    }

    @Test
    void aWorldWritableParentDirectoryIsRefused() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        chmod(open, "0777");
        Path s = script(open, "chk.sh", "0755");
        ScriptSecurity.Finding f = ScriptSecurity.examine(s.toString(), true);
        assertThat(f.kind()).isEqualTo(Kind.UNSAFE);
        assertThat(f.detail()).startsWith(open + " is writable by everyone");
    }

    @Test
    void aStickyWorldWritableDirectoryIsSafeAsInKeepalived() throws IOException {
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        chmod(sticky, "1777");
        Path s = script(sticky, "chk.sh", "0755");
        assertThat(ScriptSecurity.examine(s.toString(), true).kind()).isEqualTo(Kind.SAFE);
    }

    @Test
    void aMissingScriptThatANonRootUserCouldCreateIsRefusedEvenWithoutScriptSecurity() throws IOException {
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        chmod(sticky, "1777");
        String missing = sticky.resolve("chk.sh").toString();
        assertThat(ScriptSecurity.examine(missing, true).kind()).isEqualTo(Kind.PLANTABLE);
        assertThat(ScriptSecurity.judge("chk", missing, ROOT, false).error()).isPresent();
    }

    @Test
    void aMissingScriptOnlyRootCouldCreateIsRefusedOnlyWithScriptSecurity() {
        String missing = dir.resolve("chk.sh").toString();
        assertThat(ScriptSecurity.examine(missing, true).kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(ScriptSecurity.judge("chk", missing, ROOT, false).error()).isEmpty();
        assertThat(ScriptSecurity.judge("chk", missing, ROOT, true).error()).isPresent();
    }

    @Test
    void aSymlinkToAnUnsafeTargetIsRefused() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        chmod(open, "0777");
        Path target = script(open, "real.sh", "0755");
        Path link = Files.createSymbolicLink(dir.resolve("chk.sh"), target);
        ScriptSecurity.Finding f = ScriptSecurity.examine(link.toString(), true);
        assertThat(f.kind()).isEqualTo(Kind.UNSAFE);
        assertThat(f.detail()).startsWith(open.toString());
    }

    @Test
    void aRelativeSymlinkToASafeTargetIsSafe() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        chmod(real, "0755");
        script(real, "real.sh", "0755");
        Path link = Files.createSymbolicLink(dir.resolve("chk.sh"), Path.of("real/../real/real.sh"));
        assertThat(ScriptSecurity.examine(link.toString(), true).kind()).isEqualTo(Kind.SAFE);
    }

    @Test
    void aSymlinkANonRootUserOwnsIsRefusedEvenToASafeTarget() throws IOException {
        Path target = script(dir, "real.sh", "0755");
        Path link = Files.createSymbolicLink(dir.resolve("chk.sh"), target);
        Files.setAttribute(link, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        assertThat(ScriptSecurity.examine(link.toString(), true).detail())
                .isEqualTo(link + " is owned by uid " + NOBODY + ", not root");
    }

    @Test
    void aScriptRunAsANonRootUserIsNotExamined() throws IOException {
        Path s = script(dir, "chk.sh", "0757");
        assertThat(ScriptSecurity.examine(s.toString(), false).kind()).isEqualTo(Kind.NOT_ROOT);
    }

    @Test
    void aSetUidRootScriptIsExaminedWhoeverRunsIt() throws IOException {
        Path s = script(dir, "chk.sh", "4757");
        assertThat(ScriptSecurity.examine(s.toString(), false).kind()).isEqualTo(Kind.UNSAFE);
    }

    @Test
    void aBareNameIsLookedUpInPath() {
        // sh is in /usr/bin (or /bin), root's and not writable by others on any sane host.
        assertThat(ScriptSecurity.examine("sh -c 'exit 0'", true).kind()).isEqualTo(Kind.SAFE);
    }

    private static KeepalivedConfig config(String globals, String scriptPath) {
        ConfigResult r = ConfigLoader.parse("t.conf", """
                global_defs {
                %s
                }
                vrrp_script chk {
                    script "%s"
                }
                vrrp_instance VI_1 {
                    interface lo
                    virtual_router_id 51
                    priority 100
                    notify_master "%s"
                    track_script {
                        chk
                    }
                }
                """.formatted(globals, scriptPath, scriptPath), Path.of("."));
        assertThat(r.errors()).isEmpty();
        return r.config();
    }

    @Test
    void loadingRefusesAnUnsafeCheckAndNotifyWithScriptSecurity() throws IOException {
        Path s = script(dir, "chk.sh", "0757");
        Tracking.Prepared p = Tracking.prepare(config("enable_script_security\nscript_user root", s.toString()));
        assertThat(p.scriptUsers().get("chk").error()).isPresent();
        assertThat(p.refusedNotify()).hasSize(1);
        assertThat(ScriptSafetyCheck.diagnose(p.config()))
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.isError()).isTrue());
    }

    @Test
    void loadingOnlyWarnsWithoutScriptSecurity() throws IOException {
        Path s = script(dir, "chk.sh", "0757");
        Tracking.Prepared p = Tracking.prepare(config("script_user root", s.toString()));
        assertThat(p.scriptUsers().get("chk").error()).isEmpty();
        assertThat(p.refusedNotify()).isEmpty();
        assertThat(ScriptSafetyCheck.diagnose(p.config()))
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.isError()).isFalse());
    }

    @Test
    void withScriptSecurityScriptsDoNotFallBackToRootWithoutAConfiguredUser() throws IOException {
        Assumptions.assumeTrue(
                RunAs.resolve(Optional.empty(), Optional.empty()).prefix().isEmpty(),
                "user keepalived_script exists here");
        Path s = script(dir, "chk.sh", "0755");
        Tracking.Prepared p = Tracking.prepare(config("enable_script_security", s.toString()));
        assertThat(p.scriptUsers().get("chk").error())
                .hasValueSatisfying(e -> assertThat(e).contains("keepalived_script"));
        assertThat(p.notifyUser().error()).isPresent();
    }

    @Test
    void withScriptSecurityASafeScriptRunsAsConfiguredRoot() throws IOException {
        Path s = script(dir, "chk.sh", "0755");
        Tracking.Prepared p = Tracking.prepare(config("enable_script_security\nscript_user root", s.toString()));
        assertThat(p.scriptUsers().get("chk").error()).isEmpty();
        assertThat(p.refusedNotify()).isEmpty();
        assertThat(ScriptSafetyCheck.diagnose(p.config())).isEmpty();
    }
}
