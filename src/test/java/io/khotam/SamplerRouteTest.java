package io.khotam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** khotam.sampler.cron through the real sampler route: the DEMO registry's sample becomes a run. */
class SamplerRouteTest extends StagingRouteTestSupport {

    @Override
    protected void moreProperties(Properties properties) {
        properties.setProperty("khotam.sampler.cron", "0/1 * * * * ?");
        properties.setProperty("khotam.sampler.limit", "2");
    }

    @Test
    void aScheduledSampleIsDroppedAndInspectedLikeAnyFile() {
        assertThat(context.getRoute("sampler")).isNotNull();
        // a sample a second: the one that ended first, whatever the others are doing
        RunDir run = await().atMost(Duration.ofSeconds(20)).until(
                () -> runs().stream().filter(r -> !"RUNNING".equals(r.status())).findFirst().orElse(null), Objects::nonNull);
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.manifest().path("input").path("file").asText()).startsWith("sample-").endsWith(".jsonl");
        assertThat(run.counts().path("scanned").asInt()).isEqualTo(2);
    }
}
