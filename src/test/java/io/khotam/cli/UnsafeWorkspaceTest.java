package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Rows;
import io.khotam.producer.ComposeStyleWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace where a run role could reach past its schema is refused before anything is claimed:
 * the hardening is probed, not assumed (a superuser reopened public to everyone after it was closed).
 */
class UnsafeWorkspaceTest {

    @TempDir
    Path home;

    @Test
    void aWorkspaceWhereARunRoleCouldCreateInPublicIsRefusedWithTheReason() throws Exception {
        String url = ComposeStyleWorkspace.fresh();
        try (Connection superuser = ComposeStyleWorkspace.superuser(); Statement s = superuser.createStatement()) {
            s.execute("GRANT CREATE ON SCHEMA public TO PUBLIC");
        }
        Files.createDirectories(home.resolve("inbox"));
        Files.writeString(home.resolve("inbox/rows.jsonl"), new ObjectMapper()
                .writeValueAsString(Rows.valid()) + "\n");
        Path script = Files.writeString(home.resolve("p.sql"), "SELECT 1;");

        CliResult r = CliResult.in(home, List.of("--no-registry", "--workspace-url", url, "--producer", "sql:" + script),
                "run", "--once");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("a producer's role could reach past its own schema", "it can create tables in schema public");
        assertThat(home.resolve("inbox/rows.jsonl")).as("nothing claimed").exists();
    }
}
