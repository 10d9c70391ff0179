package net.tandem.agent.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * The faults of issue 13, each bounded in time. {@link #inject} runs the fault to its end (and marks
 * the heal where there is one); the lab then watches the recovery. Durations are the issue's; with
 * {@code --quick} the long ones are shorter.
 */
public enum Scenario {
    LOSS_5("loss-5", "5 % packet loss on the master's link, both ways (nftables numgen random)") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            loss(lab, 5);
        }
    },
    LOSS_20("loss-20", "20 % packet loss on the master's link, both ways") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            loss(lab, 20);
        }
    },
    LOSS_50("loss-50", "50 % packet loss on the master's link, both ways") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            loss(lab, 50);
        }
    },
    PARTITION_RX("partition-rx", "the master cannot receive, then healed") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            partition(lab, "oifname \"" + lab.masterPort() + "\" drop");
        }
    },
    PARTITION_TX("partition-tx", "the master cannot send, then healed") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            partition(lab, "iifname \"" + lab.masterPort() + "\" drop");
        }
    },
    PARTITION_FULL("partition-full", "the master's link drops everything both ways, then healed") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            partition(lab, "oifname \"" + lab.masterPort() + "\" drop", "iifname \"" + lab.masterPort() + "\" drop");
        }
    },
    FLAP_STORM("flap-storm", "the master's eth0 down and up 20 times in 10 s") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            for (int i = 0; i < 20; i++) {
                lab.network().linkDown(lab.masterNode());
                ChaosLab.sleep(Duration.ofMillis(250));
                lab.network().linkUp(lab.masterNode());
                ChaosLab.sleep(Duration.ofMillis(250));
            }
            lab.healed();
        }
    },
    KILL_MASTER("kill-master", "SIGKILL of the master, restarted 10 s later (its VIP is left in the kernel)") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            lab.masterDaemon().kill();
            ChaosLab.sleep(lab.quick() ? Duration.ofSeconds(6) : Duration.ofSeconds(10));
            lab.masterDaemon().start();
            lab.healed();
        }
    },
    STOP_MASTER("stop-master", "SIGSTOP of the master for 5 s, then SIGCONT (a long GC pause, a stalled VM)") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            lab.masterDaemon().signal("STOP");
            ChaosLab.sleep(Duration.ofSeconds(5));
            lab.masterDaemon().signal("CONT");
            lab.healed();
        }
    },
    STRESS_BACKUP("stress-backup", "both cores busy (stress-ng --cpu 2) on the backup") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            Duration d = lab.quick() ? Duration.ofSeconds(10) : Duration.ofSeconds(30);
            Process p = lab.startIn(
                    lab.backupNode(),
                    "stress-ng.log",
                    "stress-ng",
                    "--cpu",
                    "2",
                    "--timeout",
                    d.toSeconds() + "s",
                    "--quiet");
            lab.awaitHelper(p, "stress-ng.log", d.plusSeconds(10));
            lab.healed();
        }
    },
    FLAKY_CHECK("flaky-check", "a tracked check script (weight -20) on the master fails every other run") {
        @Override
        String configure(ChaosLab lab, Impl impl, int node, String text) {
            if (node != 1) {
                return text;
            }
            Path script = lab.dir().resolve("flaky-check.sh");
            Path armed = lab.dir().resolve("flaky-check.armed");
            Path toggle = lab.dir().resolve("flaky-check.failed-last");
            try {
                Files.writeString(
                        script,
                        "#!/bin/sh\n# Fails every other run once armed.\n"
                                + "[ -e " + armed + " ] || exit 0\n"
                                + "if [ -e " + toggle + " ]; then rm -f " + toggle + "; exit 0; fi\n"
                                + "touch " + toggle + "; exit 1\n",
                        StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.deleteIfExists(armed);
                Files.deleteIfExists(toggle);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.replace("global_defs {\n", "global_defs {\n    script_user root\n")
                    .replace(
                            "vrrp_instance VI_1 {\n",
                            "vrrp_script chk_flaky {\n    script \"" + script + "\"\n    interval 1\n"
                                    + "    weight -20\n}\n\nvrrp_instance VI_1 {\n    track_script {\n"
                                    + "        chk_flaky\n    }\n");
        }

        @Override
        void inject(ChaosLab lab, Impl impl) {
            Path armed = lab.dir().resolve("flaky-check.armed");
            try {
                Files.writeString(armed, "");
                ChaosLab.sleep(lab.quick() ? Duration.ofSeconds(10) : Duration.ofSeconds(20));
                Files.delete(armed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lab.healed();
        }
    },
    RELOADS("reloads", "50 reloads (SIGHUP) of the master in 10 s, its priority alternating 100 and 80") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            Path conf = lab.masterDaemon().config();
            try {
                String high = Files.readString(conf, StandardCharsets.UTF_8);
                String low = high.replace("priority 100", "priority 80");
                for (int i = 1; i <= 50; i++) {
                    Files.writeString(conf, i % 2 == 1 ? low : high, StandardCharsets.UTF_8);
                    lab.masterDaemon().signal("HUP");
                    ChaosLab.sleep(Duration.ofMillis(200));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lab.healed();
        }
    },
    FLOOD("flood", "50,000 packets/s of junk on protocol 112 and 10/s valid priority-50 adverts from a stranger") {
        @Override
        void inject(ChaosLab lab, Impl impl) {
            Duration d = lab.quick() ? Duration.ofSeconds(6) : Duration.ofSeconds(20);
            Process p = lab.startJava(
                    lab.strangerNode(),
                    "flood.log",
                    Flood.class,
                    lab.strangerNode().interfaceName(),
                    lab.strangerNode().address().getHostAddress(),
                    Long.toString(d.toSeconds()),
                    "50000",
                    "10");
            lab.awaitHelper(p, "flood.log", d.plusSeconds(30));
            lab.healed();
        }
    },
    CONTROL_FLOOD(
            "control-flood",
            "1,000 WatchEvents streams that never read and 1,000 unauthenticated calls/s on the control port") {
        @Override
        boolean appliesTo(Impl impl) {
            return impl == Impl.TANDEM; // keepalived has no control port
        }

        @Override
        String configure(ChaosLab lab, Impl impl, int node, String text) {
            if (node != 1) {
                return text;
            }
            Path token = lab.dir().resolve("admin.token");
            try {
                Files.writeString(token, "chaos-admin-token-5e1c\n");
                Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text + "\ntandem_control {\n    listen 127.0.0.1:7112\n    admin_token_file " + token + "\n}\n";
        }

        @Override
        void inject(ChaosLab lab, Impl impl) {
            Duration d = lab.quick() ? Duration.ofSeconds(8) : Duration.ofSeconds(20);
            Process p = lab.startJava(
                    lab.masterNode(),
                    "control-flood.log",
                    ControlFlood.class,
                    "7112",
                    "chaos-admin-token-5e1c",
                    Long.toString(d.toSeconds()),
                    "1000",
                    "1000");
            lab.awaitHelper(p, "control-flood.log", d.plusSeconds(30));
            lab.healed();
        }
    };

    private final String label;
    private final String description;

    Scenario(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** A partition, or a fault after which two holders for a while are expected (not a bug). */
    boolean splitsTheLan() {
        return this == PARTITION_RX || this == PARTITION_TX || this == PARTITION_FULL;
    }

    boolean appliesTo(Impl impl) {
        return true;
    }

    /**
     * More watching after the fault: a restarted master needs its start (a JVM's, seconds on a busy
     * machine), Master_Down_Interval and a preemption before the LAN is back where it started.
     */
    Duration extraRecovery() {
        return this == KILL_MASTER ? Duration.ofSeconds(6) : Duration.ZERO;
    }

    /** Node {@code node}'s config for this scenario (node1 master, node2 backup). */
    String configure(ChaosLab lab, Impl impl, int node, String text) {
        return text;
    }

    abstract void inject(ChaosLab lab, Impl impl);

    public static Scenario of(String label) {
        for (Scenario s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario " + label);
    }

    private static void loss(ChaosLab lab, int percent) {
        String port = lab.masterPort();
        lab.bridgeRules(
                "iifname \"" + port + "\" numgen random mod 100 < " + percent + " drop",
                "oifname \"" + port + "\" numgen random mod 100 < " + percent + " drop");
        ChaosLab.sleep(lab.quick() ? Duration.ofSeconds(8) : Duration.ofSeconds(30));
        lab.clearBridgeRules();
        lab.healed();
    }

    private static void partition(ChaosLab lab, String... rules) {
        lab.bridgeRules(rules);
        ChaosLab.sleep(lab.quick() ? Duration.ofSeconds(6) : Duration.ofSeconds(10));
        lab.clearBridgeRules();
        lab.healed();
    }
}
