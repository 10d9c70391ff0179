package net.tandem.agent.node;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.control.ControlTarget.ReloadResult;
import net.tandem.agent.track.Tracking;

/**
 * Reloads the configuration file (SIGHUP, the control API). The new file is read and checked
 * first, and everything the machine must answer (interfaces, addresses, sockets) is looked up
 * before anything changes: a file with errors, or one naming an interface this node lacks, is
 * rejected with its reasons and the running configuration stays. Otherwise {@link NodeModel}
 * applies the changes on the event loop in one go, as {@link ReloadPlan} describes; instances
 * that did not change are not touched at all. Runs on the caller's thread, never on the loop.
 */
public final class NodeReload {
    private static final System.Logger LOG = System.getLogger(NodeReload.class.getName());

    private final Path configFile;
    private final NodeModel model;
    private final NodeLoop loop;
    private final DataPlane dataPlane;
    private final List<ReloadListener> listeners = new CopyOnWriteArrayList<>();

    public NodeReload(Path configFile, NodeModel model, NodeLoop loop, DataPlane dataPlane) {
        this.configFile = configFile;
        this.model = model;
        this.loop = loop;
        this.dataPlane = dataPlane;
    }

    /** Adds a part that reads the file too; it hears of each applied reload, in order. */
    public void addListener(ReloadListener listener) {
        listeners.add(listener);
    }

    public Path configFile() {
        return configFile;
    }

    /** One reload at a time: a second waits for the first, then plans against its result. */
    public synchronized ReloadResult reload() {
        ConfigResult result = ConfigLoader.load(configFile);
        List<String> diagnostics =
                result.diagnostics().stream().map(Object::toString).toList();
        if (result.hasErrors()) {
            String summary = configFile + " has " + result.errors().size() + " error"
                    + (result.errors().size() == 1 ? "" : "s") + "; not reloaded, the running configuration stays";
            result.errors().forEach(d -> LOG.log(WARNING, "reload: {0}", d));
            LOG.log(WARNING, "reload: {0}", summary);
            return new ReloadResult(false, diagnostics, summary);
        }
        KeepalivedConfig next = result.config();
        ReloadPlan plan = ReloadPlan.of(model.config(), next);
        List<PreparedInstance> toStart = new ArrayList<>();
        Map<String, Map<String, Boolean>> inPlaceLinks = new HashMap<>();
        Map<String, PreparedInstance> reconfigured = new HashMap<>();
        try {
            for (String name : plan.added()) {
                toStart.add(dataPlane.prepare(next.instance(name).orElseThrow(), false));
            }
            for (String name : plan.restarted().keySet()) {
                toStart.add(dataPlane.prepare(next.instance(name).orElseThrow(), false));
            }
            for (String name : plan.inPlace().keySet()) {
                VrrpInstanceConfig c = next.instance(name).orElseThrow();
                inPlaceLinks.put(name, dataPlane.trackedLinks(c));
                if (plan.reconfigured().contains(name)) {
                    reconfigured.put(name, dataPlane.prepare(c, false));
                }
            }
        } catch (DataPlaneException | IllegalArgumentException e) {
            // IllegalArgumentException: settings the protocol refuses (InstanceSettings), found before anything
            // changed.
            String summary = "cannot apply " + configFile + ": " + e.getMessage()
                    + "; not reloaded, the running configuration stays";
            LOG.log(WARNING, "reload: {0}", summary);
            List<String> all = new ArrayList<>(diagnostics);
            all.add(e.getMessage());
            return new ReloadResult(false, all, summary);
        }
        dataPlane.startReceiving();
        Tracking.Prepared tracked = Tracking.prepare(next);
        try {
            loop.run(() -> model.applyReload(plan, next, toStart, inPlaceLinks, reconfigured, tracked));
        } catch (RuntimeException e) {
            LOG.log(WARNING, "reload: applying failed half-way: {0}", e.toString());
            return new ReloadResult(
                    false, diagnostics, "applying failed half-way: " + e + "; restart the agent to get a known state");
        }
        dataPlane.retainOnly(next);
        String summary = "reloaded " + configFile + ": " + plan.summary();
        List<String> all = new ArrayList<>(diagnostics);
        for (ReloadListener l : listeners) {
            try {
                summary += "; " + l.reloaded(next);
            } catch (Exception e) {
                String refused = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.log(WARNING, "reload: {0}", refused);
                all.add(refused);
                summary += "; " + refused;
            }
        }
        LOG.log(INFO, summary);
        return new ReloadResult(true, all, summary);
    }
}
