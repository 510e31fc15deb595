package io.khotam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's five-minute walkthrough, pasted into bash as a newcomer would (from the
 * repository, after the first set-up command): every command answers, the producer DIVERGES,
 * and both runs are gone at the end.
 */
class ReadmeWalkthroughIT {

    @Test
    void theWalkthroughRunsAsPasted() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("## A five-minute walkthrough.*?```sh\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README.md has the walkthrough's sh block").isTrue();
        Path transcript = Files.createDirectories(Path.of("target", "child-logs")).resolve("ReadmeWalkthroughIT.log");
        Process bash = new ProcessBuilder("bash", "-c", block.group(1)).redirectErrorStream(true)
                .redirectOutput(transcript.toFile()).start();
        assertThat(bash.waitFor(5, TimeUnit.MINUTES)).as("the walkthrough ends").isTrue();
        String out = Files.readString(transcript);
        assertThat(out).as(out).doesNotContain("command not found", "Usage:", "kho-tam: ")
                .contains("COMPLETED    candidates=5      dead_letters=4      flora-sample.json")
                .contains("conforms")
                .contains("producer: DIVERGES")
                .containsPattern("1 of 7 row\\(s\\) changed")
                .containsPattern("\"outcome\":\"DELETED\"(?s).*\"outcome\":\"DELETED\"")
                .containsPattern("no runs under /tmp/");
    }
}
