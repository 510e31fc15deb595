package io.khotam.inspection;

import io.khotam.CheckCode;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A row predicate that must hold; when it does not, the row fails with {@link #value()}. */
@Documented
@Constraint(validatedBy = RowCheck.Validator.class)
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RowCheck {

    CheckCode value();

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<RowCheck, Boolean> {
        @Override
        public boolean isValid(Boolean holds, ConstraintValidatorContext context) {
            return Boolean.TRUE.equals(holds);
        }
    }
}
