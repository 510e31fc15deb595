package io.khotam.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code classpath:} wildcard of route files, listed by name. Camel resolves a classpath
 * wildcard by reading the whole jar through (about 1.4 s of CPU for kho-tam's, twice per start:
 * once for modelines, once for the routes); a list of names it loads directly. The jar's own
 * directory lists the names, so a route file added to {@code routes/} is found without being named
 * anywhere else.
 */
final class BundledRoutes {

    private BundledRoutes() {
    }

    /**
     * @param pattern for example {@code classpath:routes/*.camel.yaml}
     * @return the matching resources as a comma-separated list of {@code classpath:} names; any
     *         other pattern unchanged
     */
    static String listed(String pattern) {
        return listed(pattern, BundledRoutes.class.getClassLoader());
    }

    static String listed(String pattern, ClassLoader classes) {
        int star = pattern.indexOf('*');
        if (!pattern.startsWith("classpath:") || star < 0 || pattern.indexOf('/', star) >= 0 || pattern.indexOf(',') >= 0) {
            return pattern;
        }
        String folder = pattern.substring("classpath:".length(), pattern.lastIndexOf('/') + 1);
        String glob = pattern.substring(pattern.lastIndexOf('/') + 1);
        URL location = classes.getResource(folder);
        if (location == null) {
            return pattern; // nothing there: Camel says so as it would have
        }
        List<String> names = new ArrayList<>();
        try {
            URI uri = location.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    collect(jar.provider().getPath(uri), glob, names);
                } catch (FileSystemAlreadyExistsException e) {
                    collect(FileSystems.getFileSystem(uri).provider().getPath(uri), glob, names); // someone else's: left open
                }
            } else {
                collect(Path.of(uri), glob, names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the routes inside kho-tam's jar (" + location + ")", e);
        } catch (URISyntaxException e) {
            return pattern;
        }
        if (names.isEmpty()) {
            return pattern;
        }
        names.sort(null);
        List<String> listed = new ArrayList<>();
        for (String name : names) {
            listed.add("classpath:" + folder + name);
        }
        return String.join(",", listed);
    }

    private static void collect(Path folder, String glob, List<String> names) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, glob)) {
            for (Path file : files) {
                names.add(file.getFileName().toString());
            }
        }
    }
}
