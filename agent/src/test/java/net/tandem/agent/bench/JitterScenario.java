package net.tandem.agent.bench;

import static net.tandem.agent.bench.ScaleRun.get;
import static net.tandem.agent.bench.ScaleRun.stat;

/** The master's advert jitter at 255 x 10 adverts/s, idle, with both cores busy, and busy with the
 * loaded-host tuning (see {@link ScaleRun}). */
final class JitterScenario implements Bench.Scenario {
    @Override
    public Table run(Bench.Options o) throws Exception {
        var r = ScaleRun.of(o);
        Table t = new Table();
        String at = ", 255 x 100 ms v3";
        t.add(
                "advert jitter p50" + at + ", idle",
                stat(r, Impl.TANDEM, ScaleRun.Result::idle, 0.5),
                stat(r, Impl.KEEPALIVED, ScaleRun.Result::idle, 0.5),
                "ms");
        t.add(
                "advert jitter p99" + at + ", idle",
                stat(r, Impl.TANDEM, ScaleRun.Result::idle, 0.99),
                stat(r, Impl.KEEPALIVED, ScaleRun.Result::idle, 0.99),
                "ms");
        t.add(
                "advert jitter p99" + at + ", both cores busy",
                stat(r, Impl.TANDEM, ScaleRun.Result::loaded, 0.99),
                stat(r, Impl.KEEPALIVED, ScaleRun.Result::loaded, 0.99),
                "ms");
        t.add(
                "advert jitter max" + at + ", both cores busy",
                stat(r, Impl.TANDEM, ScaleRun.Result::loaded, 1.0),
                stat(r, Impl.KEEPALIVED, ScaleRun.Result::loaded, 1.0),
                "ms");
        t.add(
                "flaps (backup adverts)" + at + ", both cores busy",
                get(r, Impl.TANDEM, x -> (double) x.loaded().flaps()),
                get(r, Impl.KEEPALIVED, x -> (double) x.loaded().flaps()),
                "");
        String tuned = ", both cores busy, loaded-host tuning";
        t.add(
                "advert jitter p99" + at + tuned,
                stat(r, Impl.TANDEM, ScaleRun.Result::loadedTuned, 0.99),
                stat(r, Impl.KEEPALIVED, ScaleRun.Result::loadedTuned, 0.99),
                "ms");
        t.add(
                "advert jitter max" + at + tuned,
                stat(r, Impl.TANDEM, ScaleRun.Result::loadedTuned, 1.0),
                stat(r, Impl.KEEPALIVED, ScaleRun.Result::loadedTuned, 1.0),
                "ms");
        t.add(
                "flaps (backup adverts)" + at + tuned,
                get(r, Impl.TANDEM, x -> (double) x.loadedTuned().flaps()),
                get(r, Impl.KEEPALIVED, x -> (double) x.loadedTuned().flaps()),
                "");
        t.add(
                "CPU, backup" + at + ", both cores busy",
                get(r, Impl.TANDEM, x -> x.loaded().backupCpuPercent()),
                get(r, Impl.KEEPALIVED, x -> x.loaded().backupCpuPercent()),
                "%");
        return t;
    }
}
