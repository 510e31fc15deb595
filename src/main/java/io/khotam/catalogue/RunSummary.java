package io.khotam.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.evidence.Manifest;
import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunIds;
import io.khotam.evidence.RunStatus;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the catalogue keeps of one run: the columns it filters and sorts on, and the counts as the
 * manifest has them. Read from the run's manifest; a run without a readable one is UNKNOWN, started
 * at the second its id names.
 *
 * @param proof the production proof in one word: {@link #UNTOUCHED}, {@link #TOUCHED}, {@link #PENDING},
 *              {@link #UNPROVEN} or {@link #NOT_CONFIGURED}
 * @param countsJson the manifest's counts as JSON, or null
 * @param manifestMtime and {@code manifestSize}: the manifest file the summary was read from (-1: none)
 */
public record RunSummary(String runId, long startedMicros, Long finishedMicros, String status, String reason, String inputFile,
                         String rulesetId, String rulesetVersion, String node, String producerKind, String verdict,
                         String proof, String rerunOf, String countsJson, long scanned, long deadLetters,
                         long manifestMtime, long manifestSize) {

    public static final String UNKNOWN = "UNKNOWN";
    public static final String UNTOUCHED = "untouched";
    public static final String TOUCHED = "touched";
    public static final String PENDING = "pending";
    public static final String UNPROVEN = "unproven";
    public static final String NOT_CONFIGURED = "not-configured";


    static RunSummary of(String runId, Manifest m, long manifestMtime, long manifestSize, ObjectMapper json) {
        if (m == null) {
            long started = micros(RunIds.second(runId));
            return new RunSummary(runId, started, null, UNKNOWN, "no readable evidence/manifest.json", null, null, null, null,
                    null, null, null, null, null, 0, 0, manifestMtime, manifestSize);
        }
        ProducerUsed producer = m.producerOrBuiltin();
        String counts;
        try {
            counts = m.counts() == null ? null : json.writeValueAsString(m.counts());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Instant started = m.startedAt() != null ? m.startedAt()
                : RunIds.second(runId);
        return new RunSummary(runId, micros(started), m.finishedAt() == null ? null : micros(m.finishedAt()),
                m.status() == null ? UNKNOWN : m.status().name(), m.reason(), m.input() == null ? null : m.input().file(),
                m.ruleset() == null ? null : m.ruleset().id(), m.ruleset() == null ? null : m.ruleset().version(),
                m.owner() == null ? null : m.owner().node(), producer.kind(), producer.verdict(), proof(m.production()), m.rerunOf(),
                counts, m.counts() == null ? 0 : m.counts().scanned(), m.counts() == null ? 0 : m.counts().deadLetters(),
                manifestMtime, manifestSize);
    }

    static String proof(Manifest.Production production) {
        if (production == null || !production.configured()) {
            return NOT_CONFIGURED;
        }
        if (production.pending()) {
            return PENDING;
        }
        if (production.untouched() == null) {
            return UNPROVEN;
        }
        return production.untouched() ? UNTOUCHED : TOUCHED;
    }

    /** Whether an operator should look at it: it did not complete, its producer broke the contract, or its proof failed. */
    public boolean needsAttention() {
        return NEEDS_ATTENTION_STATUS.contains(status) || ProducerUsed.BREAKS_CONTRACT.equals(verdict)
                || TOUCHED.equals(proof) || UNPROVEN.equals(proof);
    }

    static final List<String> NEEDS_ATTENTION_STATUS = List.of(RunStatus.FAILED.name(),
            RunStatus.REJECTED.name(), RunStatus.INTERRUPTED.name(), UNKNOWN);
    static final List<String> NEEDS_ATTENTION_PROOF = List.of(TOUCHED, UNPROVEN);

    public boolean ended() {
        return !RunStatus.RUNNING.name().equals(status) && !UNKNOWN.equals(status);
    }

    public Instant startedAt() {
        return instant(startedMicros);
    }

    public Instant finishedAt() {
        return finishedMicros == null ? null : instant(finishedMicros);
    }

    /** The input file's name in lower case, as the {@code input} filter compares it. */
    String inputLower() {
        return inputFile == null ? null : inputFile.toLowerCase(Locale.ROOT);
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
