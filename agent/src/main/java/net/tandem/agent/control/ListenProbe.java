package net.tandem.agent.control;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import net.tandem.agent.config.ControlConfig;

/**
 * A cheap look, before the data plane starts, at whether the control API's TCP addresses can be bound: a taken port
 * then ends the start before the interfaces are touched, with the same words as the control server's own failure,
 * without loading gRPC and Netty first. Not a reservation (the control server binds later, once the instances run):
 * a port taken in between is still reported, by the control server.
 */
public final class ListenProbe {
    private ListenProbe() {}

    /** @throws IOException naming the address that cannot be bound */
    public static void check(ControlConfig config) throws IOException {
        if (config.listen().isPresent()) {
            probe(config.listen().get(), "control API: cannot listen on ", "");
        }
        if (config.metricsListen().isPresent()) {
            probe(config.metricsListen().get(), "metrics_listen ", ": cannot listen");
        }
    }

    private static void probe(InetSocketAddress address, String before, String after) throws IOException {
        if (address.getPort() == 0) {
            return; // any free port: nothing to check
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the server's own bind: a port in TIME_WAIT is free
            s.bind(address, 1);
        } catch (IOException e) {
            throw new IOException(before + ControlConfig.show(address) + after + ": " + e.getMessage(), e);
        }
    }
}
