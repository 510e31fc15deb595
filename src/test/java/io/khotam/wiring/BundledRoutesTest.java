package io.khotam.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled routes are named one by one, so that Camel loads them without reading the whole jar through. */
class BundledRoutesTest {

    @TempDir
    Path dir;

    @Test
    void everyRouteFileOfTheRepositoryIsListedFromTheClasspath() throws Exception {
        String expected;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            expected = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted()
                    .map(n -> "classpath:routes/" + n).collect(Collectors.joining(","));
        }

        assertThat(BundledRoutes.listed(KhotamConfiguration.BUNDLED_ROUTES)).isEqualTo(expected).doesNotContain("*");
    }

    @Test
    void insideAJarTheRouteFilesAreListedAndNothingElse() throws Exception {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("routes/", "routes/b.camel.yaml", "routes/a.camel.yaml", "routes/notes.txt",
                    "other/c.camel.yaml")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write("- route: {}\n".getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(BundledRoutes.listed("classpath:routes/*.camel.yaml", classes))
                    .isEqualTo("classpath:routes/a.camel.yaml,classpath:routes/b.camel.yaml");
        }
    }

    @Test
    void aFolderOrASingleFileIsLeftToCamel() {
        assertThat(BundledRoutes.listed("file:/srv/routes/*.camel.yaml")).isEqualTo("file:/srv/routes/*.camel.yaml");
        assertThat(BundledRoutes.listed("classpath:routes/sampler.camel.yaml")).isEqualTo("classpath:routes/sampler.camel.yaml");
    }
}
