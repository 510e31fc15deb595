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
                partialOutputs, production == null ? null : production.unfinished(), packets, rowsExpected, owner, returnedAs,
                rerunOf, producer);
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

    /** The same manifest with its production proof as it now stands (closed by a later digest), and the files it lists. */
    public Manifest withProduction(Production now, List<OutputFile> listed) {
        return new Manifest(marker, runId, status, reason, detail, startedAt, finishedAt, input, ruleset, counts, listed,
                now, packets, rowsExpected, owner, inputReturnedAs, rerunOf, producer);
    }

    /** The candidate packets a run wrote: their count and the SHA-256 of their hashes in file order (null while RUNNING). */
    public record Packets(long count, String sha256) {}

    public record Input(String file, String sha256, long bytes, String format) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RuleSetUsed(String id, String version, String sha256, String source) {}

    /** A full digest of the registry that a proof relies on: its fingerprint and when it was taken. */
    @JsonPropertyOrder({"fingerprint", "at"})
    public record DigestTaken(String fingerprint, Instant at) {}

    /**
     * The no-production-touch proof (docs/contract.md "Production registry"). Full digests are
     * shared: a run relies on the last one taken before it began and the first one taken after it
     * ended, and on the registry's write counters read at its own start and end. It is
     * {@code pending} from the run's start until that closing digest; {@code untouched} is true only
     * when both digests are equal and the counters did not move while it ran. Until a registry is
     * configured there is nothing to prove against.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"configured", "source", "pending", "fingerprint_before", "fingerprint_after", "digest_before",
            "digest_after", "counters_before", "counters_after", "untouched", "note"})
    public record Production(boolean configured, String source, boolean pending,
                             @JsonProperty("fingerprint_before") String fingerprintBefore,
                             @JsonProperty("fingerprint_after") String fingerprintAfter,
                             @JsonProperty("digest_before") DigestTaken digestBefore,
                             @JsonProperty("digest_after") DigestTaken digestAfter,
                             @JsonProperty("counters_before") WriteCounters countersBefore,
                             @JsonProperty("counters_after") WriteCounters countersAfter,
                             Boolean untouched, String note) {

        public static Production notConfigured() {
            return new Production(false, null, false, null, null, null, null, null, null, null,
                    "no production registry is configured for this run");
        }

        /** At a run's start: the shared digest taken before it, and the write counters now. */
        public static Production begun(ProductionProof proof, ProductionProof.Digest before, ProductionProof.Counters counters) {
            if (!proof.configured()) {
                return notConfigured();
            }
            DigestTaken taken = before.ok() ? new DigestTaken(before.fingerprint(), before.at()) : null;
            String problem = !before.ok() ? before.problem() : counters.problem();
            return new Production(true, proof.source(), problem == null, taken == null ? null : taken.fingerprint(), null,
                    taken, null, counters.values(), null, null, problem == null ? "in progress"
                    : "the proof cannot be made: " + problem);
        }

        /** At its end: the write counters now; the digest that closes it is taken later (at the batch's end, or the interval's). */
        public Production ended(ProductionProof.Counters counters) {
            if (!pending) {
                return this;
            }
            if (!counters.ok()) {
                return new Production(true, source, false, fingerprintBefore, null, digestBefore, null, countersBefore, null,
                        null, "the proof could not be made: " + counters.problem());
            }
            return new Production(true, source, true, fingerprintBefore, null, digestBefore, null, countersBefore,
                    counters.values(), null, "waiting for the next shared digest of the registry, which closes this run's proof");
        }

        /** With the first digest taken after the run ended: the verdict. */
        public Production closed(ProductionProof.Digest after) {
            if (!pending) {
                return this;
            }
            if (!after.ok()) {
                return new Production(true, source, false, fingerprintBefore, null, digestBefore, null, countersBefore,
                        countersAfter, null, "the proof could not be made: " + after.problem());
            }
            DigestTaken closing = new DigestTaken(after.fingerprint(), after.at());
            String digests = "the digests of " + digestBefore.at() + " and " + closing.at();
            Boolean untouched;
            String note;
            if (countersBefore != null && countersAfter != null && countersAfter.wentDownFrom(countersBefore)) {
                untouched = null;
                note = "the proof could not be made: the registry's write counters went down while this ran (statistics "
                        + "reset, or a server crash), so a write in between cannot be ruled out";
            } else {
                boolean sameDigest = digestBefore.fingerprint().equals(closing.fingerprint());
                boolean counted = countersBefore != null && countersAfter != null;
                boolean written = counted && !countersAfter.sameCounts(countersBefore);
                untouched = sameDigest && !written;
                if (written) {
                    note = (sameDigest ? "production was written while this ran (" + countersAfter.since(countersBefore)
                            + "), though birth_registry's digest is the same before and after"
                            : "production changed while this ran (" + countersAfter.since(countersBefore) + ")") + NOT_STAGING;
                } else if (!sameDigest) {
                    note = counted ? "production changed between " + digests + ", but not while this ran (its write counters "
                            + "did not move): the change fell before its start or after its end" + NOT_STAGING
                            : "production changed between " + digests + "; this registry keeps no write counters to tell "
                            + "when" + NOT_STAGING;
                } else {
                    note = counted ? "production digest unchanged between " + digests + ", and no write counted while this ran"
                            : "production digest unchanged between " + digests + "; this registry keeps no write counters, "
                            + "so a change undone in between would not show";
                }
            }
            return new Production(true, source, false, fingerprintBefore, closing.fingerprint(), digestBefore, closing,
                    countersBefore, countersAfter, untouched, note);
        }

        /** A run that stopped before its end (recovered after its process died): no closing reading will come. */
        public Production unfinished() {
            return !pending ? this : new Production(true, source, false, fingerprintBefore, null, digestBefore, null,
                    countersBefore, null, null, "no proof: the run stopped before its end, so the registry was not read after it");
        }

        /** Around something done between two digests (a delete batch): the verdict at once. */
        public static Production between(ProductionProof proof, ProductionProof.Digest before, ProductionProof.Digest after) {
            return begun(proof, before, new ProductionProof.Counters(before.counters(), null))
                    .ended(new ProductionProof.Counters(after.counters(), after.problem()))
                    .closed(after);
        }

        private static final String NOT_STAGING = "; staging only reads, so the change is someone else's, but no proof of "
                + "an untouched production can be given";
    }

    /**
     * The process that owns a RUNNING run, so a later process can tell an interrupted run from a
     * live one; the start instant guards against a reused pid. {@code node}: the kho-tam node (its
     * {@code --node-id}) that holds the run's lease; null in manifests from before nodes.
     */
    @JsonPropertyOrder({"pid", "host", "process_started", "node"})
    public record Owner(long pid, String host, @JsonProperty("process_started") Instant processStarted, String node) {

        /** The node's name as a person reads it: its id, else the process. */
        public String who() {
            return node != null ? "node " + node : "process " + pid;
        }
    }
}
