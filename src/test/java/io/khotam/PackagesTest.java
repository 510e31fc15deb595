package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The product's own path does not lean on the measuring code that ships beside it. */
class PackagesTest {

    @Test
    void onlyTheBenchCommandRefersToTheBenchPackage() throws Exception {
        Path main = Path.of("src/main/java/io/khotam");
        List<Path> referring;
        try (Stream<Path> files = Files.walk(main)) {
            referring = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(main.resolve("bench")))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains("io.khotam.bench");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
        assertThat(referring).containsExactly(main.resolve("cli/BenchCommand.java"));
    }
}
