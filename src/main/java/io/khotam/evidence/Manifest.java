package io.khotam.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.khotam.registry.ProductionProof;
import io.khotam.registry.WriteCounters;
import java.time.Instant;
import java.util.List;

/** evidence/manifest.json (docs/contract.md "Output: one run directory"); the fields after {@code production} are additions. */
@JsonPropertyOrder({"marker", "run_id", "status", "reason", "detail", "started_at", "finished_at", "input", "ruleset",
        "counts", "outputs", "production", "packets", "rows_expected", "owner", "input_returned_as", "rerun_of", "producer"})
public record Manifest(
        String marker,
        @JsonProperty("run_id") String runId,
        RunStatus status,
        String reason,
        String detail,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        Input input,
        RuleSetUsed ruleset,
        RunCounts counts,
        List<OutputFile> outputs,
        Production production,
        Packets packets,
        @JsonProperty("rows_expected") Long rowsExpected,
        Owner owner,
        // an INTERRUPTED run's input went back to the inbox under this name: verify expects it gone
        @JsonProperty("input_returned_as") String inputReturnedAs,
        // the run a rerun came from (its input is a link to that run's), else null
        @JsonProperty("rerun_of") String rerunOf,
        // what stamped the candidates: the built-in inspectors, or a producer under test and its judgement
        ProducerUsed producer) {

    public boolean running() {
        return status == RunStatus.RUNNING;
    }

    /** The same manifest, ended INTERRUPTED by recovery: the outputs as left on disk, where its input went. */
    public Manifest interrupted(String reason, String detail, Instant at, List<OutputFile> partialOutputs, String returnedAs) {
        return new Manifest(marker, runId, RunStatus.INTERRUPTED, reason, detail, startedAt, at, input, ruleset, counts,
                partialOutputs, production, packets, rowsExpected, owner, returnedAs, rerunOf, producer);
    }

    /** The producer of a run whose producer may be missing (a manifest from before producers): the built-in one. */
    public ProducerUsed producerOrBuiltin() {
        return producer == null ? ProducerUsed.BUILTIN : producer;
    }

    /** The same manifest with its producer block as it now stands (a workspace ended later). */
    public Manifest withProducer(ProducerUsed now) {
        return new Manifest(marker, runId, status, reason, detail, startedAt, finishedAt, input, ruleset, counts, outputs,
                production, packets, rowsExpected, owner, inputReturnedAs, rerunOf, now);
    }

    /** The candidate packets a run wrote: their count and the SHA-256 of their hashes in file order (null while RUNNING). */
    public record Packets(long count, String sha256) {}

    public record Input(String file, String sha256, long bytes, String format) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RuleSetUsed(String id, String version, String sha256, String source) {}

    /** The no-production-touch proof; until a registry is configured there is nothing to prove against. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"configured", "source", "fingerprint_before", "fingerprint_after", "counters_before",
            "counters_after", "untouched", "note"})
    public record Production(boolean configured, String source,
                             @JsonProperty("fingerprint_before") String fingerprintBefore,
                             @JsonProperty("fingerprint_after") String fingerprintAfter,
                             @JsonProperty("counters_before") WriteCounters countersBefore,
                             @JsonProperty("counters_after") WriteCounters countersAfter,
                             Boolean untouched, String note) {

        public static Production notConfigured() {
            return new Production(false, null, null, null, null, null, null,
                    "no production registry is configured for this run");
        }

        /** The proof from two readings; untouched is claimed only when both were read and are equal. */
        public static Production of(ProductionProof proof, ProductionProof.Reading before, ProductionProof.Reading after) {
            if (!proof.configured()) {
                return notConfigured();
            }
            String beforeText = before == null ? null : before.fingerprint();
            WriteCounters countersBefore = before == null ? null : before.counters();
            if (after == null) {
                return new Production(true, proof.source(), beforeText, null, countersBefore, null, null,
                        before == null || before.ok() ? "in progress" : "the proof cannot be made: " + before.problem());
            }
            if (before == null || !before.ok() || !after.ok()) {
                String problem = before != null && !before.ok() ? before.problem() : after.problem();
                return new Production(true, proof.source(), beforeText, after.fingerprint(), countersBefore, after.counters(),
                        null, "the proof could not be made: " + (problem == null ? "no fingerprint was taken at the start" : problem));
            }
            WriteCounters countersAfter = after.counters();
            if (countersBefore != null && countersAfter != null && countersAfter.wentDownFrom(countersBefore)) {
                return new Production(true, proof.source(), before.fingerprint(), after.fingerprint(), countersBefore,
                        countersAfter, null, "the proof could not be made: the registry's write counters went down while "
                                + "this ran (statistics reset, or a server crash), so a write in between cannot be ruled out");
            }
            boolean sameDigest = before.fingerprint().equals(after.fingerprint());
            boolean noWrites = countersBefore == null || countersAfter == null || countersAfter.equals(countersBefore);
            boolean same = sameDigest && noWrites;
            String note;
            if (!sameDigest) {
                note = "production changed while this ran; staging only reads, so the change is someone else's, "
                        + "but no proof of an untouched production can be given";
            } else if (!noWrites) {
                note = "production was written while this ran (" + countersAfter.since(countersBefore) + " rows) and put "
                        + "back as it was; staging only reads, so the writes are someone else's, but no proof of an "
                        + "untouched production can be given";
            } else {
                note = countersBefore == null ? "production fingerprint unchanged (this registry keeps no write counters: a "
                        + "change undone before the end would not show)" : "production fingerprint and write counters unchanged";
            }
            return new Production(true, proof.source(), before.fingerprint(), after.fingerprint(), countersBefore,
                    countersAfter, same, note);
        }
    }

    /**
     * The process that owns a RUNNING run, so a later process can tell an interrupted run from a
     * live one; the start instant guards against a reused pid.
     */
    public record Owner(long pid, String host, @JsonProperty("process_started") Instant processStarted) {}
}
