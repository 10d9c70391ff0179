package net.tandem.agent.control.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One scrape of a {@link MetricsServer} in the Prometheus text format, parsed into samples: enough of the format to
 * compare names, types and label names (label values may hold escaped quotes).
 */
record Scrape(List<Sample> samples, Map<String, String> types) {

    record Sample(String name, Map<String, String> labels, double value) {}

    static Scrape of(MetricsServer server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + server.address().getPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return parse(r.body());
    }

    static Scrape parse(String body) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new TreeMap<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] w = line.split(" ");
                types.put(w[2], w[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new Scrape(samples, types);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        double value = Double.parseDouble(line.substring(space + 1));
        if (brace < 0 || brace > space) {
            return new Sample(line.substring(0, space), Map.of(), value);
        }
        Map<String, String> labels = new TreeMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String name = line.substring(i, eq);
            StringBuilder v = new StringBuilder();
            int j = eq + 2; // past ="
            for (; line.charAt(j) != '"'; j++) {
                if (line.charAt(j) == '\\') {
                    j++;
                }
                v.append(line.charAt(j));
            }
            labels.put(name, v.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return new Sample(line.substring(0, brace), labels, value);
    }

    /** Every sample name (counters with their {@code _total}). */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The label-name sets the samples of {@code name} carry. */
    Set<Set<String>> labelNames(String name) {
        Set<Set<String>> sets = new java.util.HashSet<>();
        samples.stream()
                .filter(s -> s.name().equals(name))
                .forEach(s -> sets.add(new TreeSet<>(s.labels().keySet())));
        return sets;
    }

    /** The type the exposition declares for a sample name ({@code _total} is the counter's family). */
    String type(String name) {
        String t = types.get(name);
        if (t == null && name.endsWith("_total")) {
            t = types.get(name.substring(0, name.length() - "_total".length()));
        }
        return t;
    }

    /** Sample lines as {@code name{a="x",b="y"}} to value, labels in name order. */
    Map<String, Double> series() {
        Map<String, Double> m = new TreeMap<>();
        for (Sample s : samples) {
            StringBuilder k = new StringBuilder(s.name());
            if (!s.labels().isEmpty()) {
                k.append('{');
                s.labels().forEach((n, v) -> k.append(n).append("=\"").append(v).append("\","));
                k.setCharAt(k.length() - 1, '}');
            }
            m.put(k.toString(), s.value());
        }
        return m;
    }
}
