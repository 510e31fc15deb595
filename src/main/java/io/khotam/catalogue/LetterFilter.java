package io.khotam.catalogue;

import io.khotam.Stage;
import io.khotam.evidence.RunIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which dead letters a search across runs shows ({@code /api/dead-letters}): each filter given
 * narrows it. Built from what a client typed; a bad value is refused with the reason.
 *
 * @param entityCode the row's entity_code, exactly, or null
 * @param stage the stage (file, admission, pen, stamp, gate), or null
 * @param code a check code the letter carries, or null
 * @param since letters of runs started at or after this, or null
 * @param until letters of runs started before this, or null
 * @param runId one run's letters only, or null
 */
public record LetterFilter(String entityCode, Stage stage, String code, Instant since, Instant until, String runId) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{0,63}");

    public static LetterFilter parse(String entityCode, String stage, String code, String since, String until, String runId) {
        if (entityCode != null && entityCode.length() > 200) {
            throw new IllegalArgumentException("entity_code is at most 200 characters");
        }
        Stage wanted = null;
        if (!RunFilter.blank(stage)) {
            wanted = Stage.WITH_DEAD_LETTERS.stream().filter(s -> s.fileName().equals(stage.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("stage is one of file, admission, pen, stamp, gate"));
        }
        if (!RunFilter.blank(code) && !CODE.matcher(code.strip()).matches()) {
            throw new IllegalArgumentException("code is a check code such as SPECIES_NOT_FIT");
        }
        if (!RunFilter.blank(runId) && !RunIds.is(runId.strip())) {
            throw new IllegalArgumentException("run is a run id (" + RunIds.SHAPE + ")");
        }
        Instant from = RunFilter.instant(since, "since", false);
        Instant to = RunFilter.instant(until, "until", true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("since must be before until");
        }
        return new LetterFilter(RunFilter.blank(entityCode) ? null : entityCode.strip(), wanted,
                RunFilter.blank(code) ? null : code.strip(), from, to, RunFilter.blank(runId) ? null : runId.strip());
    }

    /** The filter as query parameters, for the links to other pages. */
    public List<String[]> parameters() {
        List<String[]> p = new ArrayList<>();
        if (entityCode != null) {
            p.add(new String[] {"entity_code", entityCode});
        }
        if (stage != null) {
            p.add(new String[] {"stage", stage.fileName()});
        }
        if (code != null) {
            p.add(new String[] {"code", code});
        }
        if (since != null) {
            p.add(new String[] {"since", since.toString()});
        }
        if (until != null) {
            p.add(new String[] {"until", until.toString()});
        }
        if (runId != null) {
            p.add(new String[] {"run", runId});
        }
        return p;
    }
}
