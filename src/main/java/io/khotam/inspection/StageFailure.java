package io.khotam.inspection;

import io.khotam.Check;
import io.khotam.CheckCode;
import io.khotam.Stage;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The checks a row failed in one stage, read back from the Bean Validation violations. */
public record StageFailure(Stage stage, List<Check> checks) {

    public static StageFailure of(Set<? extends ConstraintViolation<?>> violations) {
        List<Check> checks = violations.stream()
                .map(StageFailure::toCheck)
                .sorted(Comparator.comparing((Check c) -> c.code().ordinal())
                        .thenComparing(c -> c.field() == null ? "" : c.field()))
                .toList();
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a stage failure needs at least one violation");
        }
        return new StageFailure(checks.get(0).code().stage(), checks);
    }

    private static Check toCheck(ConstraintViolation<?> violation) {
        Annotation constraint = violation.getConstraintDescriptor().getAnnotation();
        if (constraint instanceof RowCheck rowCheck) {
            return Check.of(rowCheck.value());
        }
        if (constraint instanceof FieldCheck fieldCheck) {
            String field = leaf(violation.getPropertyPath());
            String detail = violation.getRootBean() instanceof Row row && fieldCheck.value() == CheckCode.WRONG_TYPE
                    ? row.wrongTypeDetail(field) : null;
            return detail == null ? Check.of(fieldCheck.value(), field) : Check.of(fieldCheck.value(), field, field + ": " + detail);
        }
        throw new IllegalStateException("a constraint kho-tam did not declare fired on a row: " + constraint);
    }

    private static String leaf(Path path) {
        String leaf = null;
        for (Path.Node node : path) {
            leaf = node.getName();
        }
        return leaf;
    }
}
