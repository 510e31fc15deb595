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
import java.util.Collection;

/**
 * On a getter that lists the row fields breaking one rule: each listed field becomes its own
 * violation of {@link #value()}, with the field as the leaf of the property path.
 */
@Documented
@Constraint(validatedBy = FieldCheck.Validator.class)
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface FieldCheck {

    CheckCode value();

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<FieldCheck, Collection<String>> {
        @Override
        public boolean isValid(Collection<String> fields, ConstraintValidatorContext context) {
            if (fields == null || fields.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            for (String field : fields) {
                context.buildConstraintViolationWithTemplate("field").addPropertyNode(field).addConstraintViolation();
            }
            return false;
        }
    }
}
