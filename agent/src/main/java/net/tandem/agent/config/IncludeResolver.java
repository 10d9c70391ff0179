package net.tandem.agent.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands the pattern of an {@code include} line the way keepalived does with glob(3): relative to the directory of
 * the including file, wildcards allowed in any path segment, matches in sorted order, only regular files.
 */
final class IncludeResolver {

    private IncludeResolver() {}

    static List<Path> expand(Path baseDir, String pattern) throws IOException {
        Path p = Path.of(pattern);
        Path start = p.isAbsolute() ? p.getRoot() : baseDir;
        List<Path> current = List.of(start);
        for (Path segment : p) {
            String seg = segment.toString();
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!hasWildcard(seg)) {
                    Path candidate = dir.resolve(seg);
                    if (Files.exists(candidate)) {
                        next.add(candidate);
                    }
                    continue;
                }
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + seg);
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path entry : entries) {
                        String name = entry.getFileName().toString();
                        // glob(3) without GLOB_PERIOD: a wildcard never matches a leading dot
                        if (name.startsWith(".") && !seg.startsWith(".")) {
                            continue;
                        }
                        if (matcher.matches(entry.getFileName())) {
                            next.add(entry);
                        }
                    }
                }
            }
            next.sort(null);
            current = next;
        }
        return current.stream().filter(Files::isRegularFile).toList();
    }

    static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }
}
