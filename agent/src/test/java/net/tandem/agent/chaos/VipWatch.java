package net.tandem.agent.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * Which nodes hold the VIP, from the kernel, every 10 ms. One {@code ip -batch -} process per node
 * answers each poll (a new {@code ip} per poll would cost a fork every 5 ms on a two-core machine):
 * the poll asks for eth0's addresses, then lo's, whose line marks the end of the answer.
 */
final class VipWatch implements AutoCloseable {
    static final long PERIOD_NANOS = 10_000_000L;

    /** At {@code nanos} (System.nanoTime), {@code holds[i]} says whether node i had the VIP. */
    record Sample(long nanos, boolean[] holds) {
        int holders() {
            int n = 0;
            for (boolean h : holds) {
                n += h ? 1 : 0;
            }
            return n;
        }
    }

    private final String vip;
    private final List<Process> ips = new ArrayList<>();
    private final List<BufferedReader> outs = new ArrayList<>();
    private final List<OutputStream> ins = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    VipWatch(List<Node> nodes, String vip) {
        this.vip = vip;
        try {
            for (Node n : nodes) {
                Process p = new ProcessBuilder("ip", "-n", n.namespace(), "-4", "-o", "-batch", "-")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                ips.add(p);
                ins.add(p.getOutputStream());
                outs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofPlatform().daemon().name("vip-watch").start(this::loop);
    }

    private void loop() {
        byte[] query = "addr show dev eth0\naddr show dev lo\n".getBytes(StandardCharsets.US_ASCII);
        long next = System.nanoTime();
        try {
            while (running) {
                long now = System.nanoTime();
                boolean[] holds = new boolean[ips.size()];
                for (int i = 0; i < ips.size(); i++) {
                    ins.get(i).write(query);
                    ins.get(i).flush();
                }
                for (int i = 0; i < ips.size(); i++) {
                    String line;
                    while ((line = outs.get(i).readLine()) != null && !line.contains(" lo ")) {
                        if (line.contains(" inet " + vip + "/")) {
                            holds[i] = true;
                        }
                    }
                    if (line == null) {
                        throw new IllegalStateException("ip -batch in node " + (i + 1) + " exited");
                    }
                }
                synchronized (samples) {
                    samples.add(new Sample(now, holds));
                }
                next += PERIOD_NANOS;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    next = System.nanoTime(); // late (a busy machine): poll now, do not catch up in a burst
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    /** The samples so far, in time order. */
    List<Sample> samples() {
        if (failure != null) {
            throw failure;
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The latest sample, or null before the first. */
    Sample latest() {
        synchronized (samples) {
            return samples.isEmpty() ? null : samples.getLast();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ips.forEach(Process::destroyForcibly);
    }
}
