package net.tandem.agent.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made in a directory by
 * {@code bin/lib/throwaway-pki}, the script {@code bin/tandem-lab} makes its certificates with: {@code ca.crt},
 * {@code server.crt}, {@code server.key}, {@code client.crt}, {@code client.key} (PEM, keys in PKCS#8 as the server
 * expects them). Without the openssl command the test is skipped, loudly.
 */
public final class TestCertificates {

    public final Path ca;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;

    private TestCertificates(Path dir) {
        ca = dir.resolve("ca.crt");
        serverCert = dir.resolve("server.crt");
        serverKey = dir.resolve("server.key");
        clientCert = dir.resolve("client.crt");
        clientKey = dir.resolve("client.key");
    }

    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        boolean openssl =
                List.of("/usr/bin/openssl", "/bin/openssl").stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
        if (!openssl) {
            System.err.println("*** SKIPPING: the openssl command (Debian package openssl) makes the test"
                    + " certificates; apt-get install openssl, or run bin/test as root ***");
        }
        Assumptions.assumeTrue(openssl, "openssl is needed to make the test certificates");
        pki(dir, "server", "server", "/CN=node1", "IP:127.0.0.1");
        pki(dir, "client", "client", "/O=Tandem/CN=ops", "IP:127.0.0.1");
        return new TestCertificates(dir);
    }

    private static void pki(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(script().toString(), dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + output);
        }
    }

    /** Surefire runs in a module's folder (agent/ or console/); the script is in the project's bin/lib. */
    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("bin/lib/throwaway-pki");
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        throw new IllegalStateException(
                "bin/lib/throwaway-pki not found above " + Path.of("").toAbsolutePath());
    }
}
