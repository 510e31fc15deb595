package io.khotam.catalogue;

import io.khotam.evidence.ProducerUsed;
import io.khotam.evidence.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which runs a list shows (the API's query parameters, {@code list}'s options): each filter
 * given narrows it, none given lists all. Built from what a client typed; a value that is none of
 * the allowed is refused with the reason ({@link IllegalArgumentException}), never echoed as markup.
 *
 * @param statuses the statuses wanted (RUNNING, COMPLETED, REJECTED, FAILED, INTERRUPTED, UNKNOWN), empty: any
 * @param verdicts the producer verdicts wanted (CONFORMS, DIVERGES, BREAKS_CONTRACT, or "none" for the built-in), empty: any
 * @param proofs the proof words wanted ({@link RunSummary#proof}), empty: any
 * @param input a part of the input file's name, any case, or null
 * @param since runs started at or after this, or null
 * @param until runs started before this, or null
 * @param attention only the runs that need attention ({@link RunSummary#needsAttention})
 */
public record RunFilter(Set<String> statuses, Set<String> verdicts, Set<String> proofs, String input, Instant since, Instant until,
                        String node, String ruleset, boolean attention) {

    public static final RunFilter ALL = new RunFilter(Set.of(), Set.of(), Set.of(), null, null, null, null, null, false);
    public static final String NO_VERDICT = "none";

    static final List<String> STATUSES = List.of(RunStatus.RUNNING.name(), RunStatus.COMPLETED.name(), RunStatus.REJECTED.name(),
            RunStatus.FAILED.name(), RunStatus.INTERRUPTED.name(), RunSummary.UNKNOWN);
    static final List<String> VERDICTS = List.of(ProducerUsed.CONFORMS, ProducerUsed.DIVERGES, ProducerUsed.BREAKS_CONTRACT, NO_VERDICT);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /**
     * @param untouched true (proof untouched), false (touched, or not proven), pending, not-configured
     * @param attention "true" for the runs that need attention
     */
    public static RunFilter parse(String status, String verdict, String untouched, String input, String since, String until,
                                  String node, String ruleset, String attention) {
        Instant from = instant(since, "since", false);
        Instant to = instant(until, "until", true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("since must be before until");
        }
        if (input != null && (input.length() > 200 || input.chars().anyMatch(c -> c < 0x20 || c == 0x7f || "<>&\"'".indexOf(c) >= 0))) {
            throw new IllegalArgumentException("input is a part of a file name: at most 200 characters, without markup "
                    + "characters (angle brackets, ampersand, quotes) or control characters");
        }
        return new RunFilter(words(status, "status", STATUSES, true), words(verdict, "verdict", VERDICTS, true), proofs(untouched),
                blank(input) ? null : input, from, to, name(node, "node"), name(ruleset, "ruleset"), flag(attention, "attention"));
    }

    private static Set<String> words(String given, String name, List<String> allowed, boolean upper) {
        Set<String> words = new LinkedHashSet<>();
        if (blank(given)) {
            return words;
        }
        for (String word : given.split(",", -1)) {
            String w = upper && !word.strip().equals(NO_VERDICT) ? word.strip().toUpperCase(Locale.ROOT) : word.strip();
            if (!allowed.contains(w)) {
                throw new IllegalArgumentException(name + " is one or more of " + String.join(", ", allowed) + " (comma-separated)");
            }
            words.add(w);
        }
        return words;
    }

    private static Set<String> proofs(String untouched) {
        Set<String> proofs = new LinkedHashSet<>();
        if (blank(untouched)) {
            return proofs;
        }
        switch (untouched.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> proofs.add(RunSummary.UNTOUCHED);
            case "false" -> proofs.addAll(RunSummary.NEEDS_ATTENTION_PROOF);
            case "pending" -> proofs.add(RunSummary.PENDING);
            case "not-configured" -> proofs.add(RunSummary.NOT_CONFIGURED);
            default -> throw new IllegalArgumentException("untouched is true (proven untouched), false (touched, or not proven), "
                    + "pending or not-configured");
        }
        return proofs;
    }

    private static boolean flag(String given, String name) {
        if (blank(given)) {
            return false;
        }
        return switch (given.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + " is true or false");
        };
    }

    private static String name(String given, String name) {
        if (blank(given)) {
            return null;
        }
        if (!NAME.matcher(given).matches()) {
            throw new IllegalArgumentException(name + " is a name of letters, digits, '.', '-', '_' (at most 200)");
        }
        return given;
    }

    /**
     * An ISO-8601 instant (2026-12-07T02:00:00Z), or a date taken in UTC: its start for since, the
     * start of the next day for until (until 2026-12-07 includes that day).
     */
    static Instant instant(String given, String name, boolean endOfDay) {
        if (blank(given)) {
            return null;
        }
        String text = given.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                throw new IllegalArgumentException(name + " is a date (2026-12-07) or an instant (2026-12-07T02:00:00Z)");
            }
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The filter as query parameters, for the links to other pages of the same list. */
    public List<String[]> parameters() {
        List<String[]> p = new ArrayList<>();
        if (!statuses.isEmpty()) {
            p.add(new String[] {"status", String.join(",", statuses)});
        }
        if (!verdicts.isEmpty()) {
            p.add(new String[] {"verdict", String.join(",", verdicts)});
        }
        if (!proofs.isEmpty()) {
            p.add(new String[] {"untouched", proofs.contains(RunSummary.UNTOUCHED) ? "true" : proofs.contains(RunSummary.PENDING)
                    ? "pending" : proofs.contains(RunSummary.NOT_CONFIGURED) ? "not-configured" : "false"});
        }
        if (input != null) {
            p.add(new String[] {"input", input});
        }
        if (since != null) {
            p.add(new String[] {"since", since.toString()});
        }
        if (until != null) {
            p.add(new String[] {"until", until.toString()});
        }
        if (node != null) {
            p.add(new String[] {"node", node});
        }
        if (ruleset != null) {
            p.add(new String[] {"ruleset", ruleset});
        }
        if (attention) {
            p.add(new String[] {"attention", "true"});
        }
        return p;
    }
}
