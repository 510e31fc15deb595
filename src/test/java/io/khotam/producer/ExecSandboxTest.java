package io.khotam.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which sandbox a word asks for, and what is said when it cannot run here. */
class ExecSandboxTest {

    @TempDir
    Path nowhere;

    @Test
    void bwrapAskedForWhereItIsNotInstalledSaysHowToInstallIt() {
        assertThatThrownBy(() -> ExecSandbox.resolve("bwrap", List.of(), List.of(), nowhere.toString()))
                .hasMessageContaining("bubblewrap (bwrap) is not installed").hasMessageContaining("apt-get install bubblewrap");
    }

    @Test
    void autoWithoutBwrapFallsBackToUserUnderRootAndNeverToNone() {
        ExecSandbox sandbox = ExecSandbox.resolve("auto", List.of(), List.of(), nowhere.toString());
        assertThat(sandbox.mode()).as("CI runs as root, where setpriv can drop the producer to a user of its own")
                .isEqualTo(ExecSandbox.Mode.USER);
    }

    @Test
    void autoPrefersBwrapWhereItWorks() {
        assertThat(ExecSandbox.resolve("auto", List.of(), List.of()).mode()).isEqualTo(ExecSandbox.Mode.BWRAP);
    }

    @Test
    void anUnknownWordIsRefusedNamingTheModes() {
        assertThatThrownBy(() -> ExecSandbox.resolve("docker", List.of(), List.of()))
                .hasMessage("--producer-sandbox docker is not one of auto, bwrap, user, none");
    }

    @Test
    void aBwrapThatCannotMakeItsNamespacesIsSaidWithItsOwnWords() throws Exception {
        Path fake = nowhere.resolve("bwrap");
        Files.writeString(fake, "#!/bin/sh\necho 'bwrap: No permissions to creating new namespace' >&2\nexit 1\n");
        fake.toFile().setExecutable(true);
        assertThatThrownBy(() -> ExecSandbox.resolve("bwrap", List.of(), List.of(), nowhere.toString()))
                .hasMessageContaining("cannot make its namespaces here (bwrap: No permissions to creating new namespace)");
    }
}
