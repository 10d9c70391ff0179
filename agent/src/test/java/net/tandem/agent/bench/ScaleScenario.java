package net.tandem.agent.bench;

import static net.tandem.agent.bench.ScaleRun.get;

/** CPU and advert rate at 255 instances x 10 adverts/s (see {@link ScaleRun}). */
final class ScaleScenario implements Bench.Scenario {
    @Override
    public Table run(Bench.Options o) throws Exception {
        var r = ScaleRun.of(o);
        Table t = new Table();
        String at = ", 255 x 100 ms v3, idle machine";
        t.add(
                "CPU, master" + at,
                get(r, Impl.TANDEM, x -> x.idle().masterCpuPercent()),
                get(r, Impl.KEEPALIVED, x -> x.idle().masterCpuPercent()),
                "%");
        t.add(
                "CPU, backup" + at,
                get(r, Impl.TANDEM, x -> x.idle().backupCpuPercent()),
                get(r, Impl.KEEPALIVED, x -> x.idle().backupCpuPercent()),
                "%");
        t.add(
                "adverts/s sent by the master" + at,
                get(r, Impl.TANDEM, x -> x.idle().advertsPerSecond()),
                get(r, Impl.KEEPALIVED, x -> x.idle().advertsPerSecond()),
                "/s");
        return t;
    }
}
