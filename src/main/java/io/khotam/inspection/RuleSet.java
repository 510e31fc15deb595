package io.khotam.inspection;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.Map;

/** The Điều 0-G rule-set file as written (docs/contract.md "Rule-set"); the checks are code, these are their parameters. */
public record RuleSet(
        @NotBlank String ruleset,
        @NotBlank String version,
        @NotNull @Valid Scope scope,
        @NotNull @Valid Pen pen,
        @NotNull @Valid Stamp stamp,
        @NotNull @Valid Gate gate) {

    public record Scope(@JsonProperty("governance_roles") @NotEmpty List<@NotBlank String> governanceRoles) {}

    public record Pen(@JsonProperty("entity_code_pattern") @NotBlank String entityCodePattern) {}

    public record Stamp(
            @JsonProperty("name_max_length") @NotNull @Positive Integer nameMaxLength,
            @JsonProperty("description_min_length") @NotNull @PositiveOrZero Integer descriptionMinLength,
            @NotEmpty List<@NotBlank String> statuses) {}

    public record Gate(@NotEmpty Map<@NotBlank String, @NotNull @Valid Fit> collections) {}

    public record Fit(
            @NotEmpty List<@NotBlank String> species,
            @JsonProperty("dot_origins") @NotEmpty List<@NotBlank String> dotOrigins) {}
}
