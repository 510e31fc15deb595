package io.khotam.inspection;

import io.khotam.CheckCode;
import io.khotam.FailedCheck;
import io.khotam.Stage;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The checks a row failed in one stage, read back from the Bean Validation violations. */
public record StageFailure(Stage stage, List<FailedCheck> checks) {

    public static StageFailure of(Set<? extends ConstraintViolation<?>> violations) {
        return of(violations.stream().map(StageFailure::toCheck).toList());
    }

    /** The failed checks in the order dead letters list them: by code, then by field. */
    public static StageFailure of(List<FailedCheck> failed) {
        List<FailedCheck> checks = failed.stream()
                .sorted(Comparator.comparing((FailedCheck c) -> c.code().ordinal())
                        .thenComparing(c -> c.field() == null ? "" : c.field()))
                .toList();
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a stage failure needs at least one violation");
        }
        return new StageFailure(checks.get(0).code().stage(), checks);
    }

    private static FailedCheck toCheck(ConstraintViolation<?> violation) {
        Annotation constraint = violation.getConstraintDescriptor().getAnnotation();
        if (constraint instanceof RowCheck rowCheck) {
            return FailedCheck.of(rowCheck.value());
        }
        if (constraint instanceof FieldCheck fieldCheck) {
            return fieldCheck(fieldCheck.value(), leaf(violation.getPropertyPath()),
                    violation.getRootBean() instanceof Row row ? row : null);
        }
        throw new IllegalStateException("a constraint kho-tam did not declare fired on a row: " + constraint);
    }

    /** One field breaking a {@link FieldCheck}; a WRONG_TYPE says what was expected and what came. */
    public static FailedCheck fieldCheck(CheckCode code, String field, Row row) {
        String detail = row != null && code == CheckCode.WRONG_TYPE ? row.wrongTypeDetail(field) : null;
        return detail == null ? FailedCheck.of(code, field) : FailedCheck.of(code, field, field + ": " + detail);
    }

    private static String leaf(Path path) {
        String leaf = null;
        for (Path.Node node : path) {
            leaf = node.getName();
        }
        return leaf;
    }
}
