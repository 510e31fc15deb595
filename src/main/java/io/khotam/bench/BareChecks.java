package io.khotam.bench;

import io.khotam.FailedCheck;
import io.khotam.inspection.CheckSequence;
import io.khotam.inspection.FieldCheck;
import io.khotam.inspection.Row;
import io.khotam.inspection.RowCheck;
import io.khotam.inspection.StageFailure;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The row checks called as plain Java for the bare floor: every {@link RowCheck} and
 * {@link FieldCheck} method of {@link Row}, grouped as {@link CheckSequence} orders them and called
 * directly, with no validation framework between. A measuring stick only.
 */
final class BareChecks {

    private record Declared(MethodHandle method, RowCheck row, FieldCheck field) {}

    private final Map<CheckSequence, List<Declared>> byGroup = new EnumMap<>(CheckSequence.class);

    BareChecks() throws IllegalAccessException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (CheckSequence check : CheckSequence.values()) {
            byGroup.put(check, new ArrayList<>());
        }
        Method[] methods = Row.class.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName)); // the same calls in the same order every time
        for (Method method : methods) {
            RowCheck row = method.getAnnotation(RowCheck.class);
            FieldCheck field = method.getAnnotation(FieldCheck.class);
            if (row == null && field == null) {
                continue;
            }
            Class<?>[] groups = row != null ? row.groups() : field.groups();
            for (CheckSequence check : CheckSequence.values()) {
                if (Arrays.asList(groups).contains(check.group())) {
                    byGroup.get(check).add(new Declared(lookup.unreflect(method), row, field));
                }
            }
        }
    }

    /** @return the group's failure, or null when every check of the group holds */
    StageFailure failure(CheckSequence check, Row row) throws Throwable {
        List<FailedCheck> failed = null;
        for (Declared declared : byGroup.get(check)) {
            Object result = declared.method().invoke(row);
            if (declared.row() != null) {
                if (!Boolean.TRUE.equals(result)) {
                    failed = add(failed, FailedCheck.of(declared.row().value()));
                }
            } else if (result instanceof Collection<?> fields) {
                for (Object field : fields) {
                    failed = add(failed, StageFailure.fieldCheck(declared.field().value(), (String) field, row));
                }
            }
        }
        return failed == null ? null : StageFailure.of(failed);
    }

    private static List<FailedCheck> add(List<FailedCheck> failed, FailedCheck check) {
        List<FailedCheck> list = failed == null ? new ArrayList<>() : failed;
        list.add(check);
        return list;
    }
}
