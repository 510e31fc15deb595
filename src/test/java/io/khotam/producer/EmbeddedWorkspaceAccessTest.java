package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.khotam.Requires;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded workspace admits no one without kho-tam's secret: a local user (nobody, with psql)
 * is refused with no password and with a wrong one, on a new home, after a restart, and on a home
 * an earlier kho-tam made open (trust); kho-tam itself gets in with the secret it keeps owner-only.
 */
class EmbeddedWorkspaceAccessTest {

    private static final Pattern PORT = Pattern.compile("localhost:([0-9]+)/");

    @TempDir
    Path home;

    @BeforeAll
    static void requirements() {
        Requires.root("runs psql as the user nobody against the embedded workspace");
    }

    @Test
    void aNewHomeIsClosedToALocalUserAndStaysClosedAfterARestart() throws Exception {
        Path data = home.resolve(".workspace");
        try (Workspace workspace = embedded(data)) {
            assertClosed(workspace, data);
        }
        String secret = Files.readString(data.resolve(EmbeddedAccess.SECRET_FILE));
        try (Workspace again = embedded(data)) {
            assertClosed(again, data);
        }
        assertThat(Files.readString(data.resolve(EmbeddedAccess.SECRET_FILE))).as("the secret is kept across restarts")
                .isEqualTo(secret);
    }

    @Test
    void aHomeAnEarlierKhoTamMadeOpenIsClosedAtItsNextStart() throws Exception {
        Path data = home.resolve(".workspace");
        // as kho-tam made it before: zonky's defaults, trust for everyone, over TCP and the socket
        try (EmbeddedPostgres open = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(EmbeddedAccess.privateBinariesDir().toFile()).start()) {
            assertThat(psqlAsNobody(open.getPort(), null)).as("open before").contains("?column?");
        }
        assertThat(Files.exists(data.resolve(EmbeddedAccess.SECRET_FILE))).isFalse();
        try (Workspace workspace = embedded(data)) {
            assertClosed(workspace, data);
        }
    }

    private static Workspace embedded(Path data) {
        return new Workspace(Workspace.EMBEDDED, null, null, data, WorkspaceBound.DEFAULT);
    }

    private static void assertClosed(Workspace workspace, Path data) throws Exception {
        int port;
        try (Connection admin = workspace.admin(); Statement s = admin.createStatement()) {
            Matcher m = PORT.matcher(admin.getMetaData().getURL());
            assertThat(m.find()).as(admin.getMetaData().getURL()).isTrue();
            port = Integer.parseInt(m.group(1));
            assertThat(rows(s, "SELECT auth_method FROM pg_hba_file_rules")).as("pg_hba.conf").isNotEmpty()
                    .containsOnly("scram-sha-256");
            assertThat(rows(s, "SHOW unix_socket_directories")).as("no Unix socket").containsExactly("");
            assertThat(rows(s, "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres'"))
                    .containsExactly("t");
        }
        Path secret = data.resolve(EmbeddedAccess.SECRET_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(psqlAsNobody(port, null)).as("no password").contains("no password supplied").doesNotContain("?column?");
        assertThat(psqlAsNobody(port, "guess")).as("a wrong password").contains("password authentication failed")
                .doesNotContain("?column?");
    }

    private static List<String> rows(Statement s, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** psql as the local user nobody, to the workspace's port, as its admin; its whole output. */
    private static String psqlAsNobody(int port, String password) throws IOException, InterruptedException {
        ProcessBuilder psql = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "psql", "-w", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-d", "postgres", "-c", "SELECT 1")
                .redirectErrorStream(true);
        Map<String, String> env = psql.environment();
        env.remove("PGPASSWORD");
        env.put("HOME", "/nonexistent");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        Process p = psql.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
