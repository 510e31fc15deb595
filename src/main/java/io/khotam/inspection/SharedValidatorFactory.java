package io.khotam.inspection;

import jakarta.validation.ClockProvider;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.ParameterNameProvider;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorContext;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * A validator factory that hands out one {@link Validator} for every {@link #getValidator()}.
 * Camel's {@code bean-validator} producer asks its factory for a new validator on every message;
 * Hibernate Validator then looks its metadata up again each time (hashing its configuration), five
 * times per row. A validator is thread-safe (Jakarta Validation, "Validator"), so one serves all.
 */
public final class SharedValidatorFactory implements ValidatorFactory {

    private final ValidatorFactory factory;
    private final Validator validator;

    /** Bean Validation without EL: check messages never interpolate row data, and an EL engine on hostile input is a liability. */
    public static SharedValidatorFactory withoutExpressionLanguage() {
        return new SharedValidatorFactory(Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory());
    }

    public SharedValidatorFactory(ValidatorFactory factory) {
        this.factory = factory;
        this.validator = factory.getValidator();
    }

    @Override
    public Validator getValidator() {
        return validator;
    }

    @Override
    public ValidatorContext usingContext() {
        return factory.usingContext();
    }

    @Override
    public MessageInterpolator getMessageInterpolator() {
        return factory.getMessageInterpolator();
    }

    @Override
    public TraversableResolver getTraversableResolver() {
        return factory.getTraversableResolver();
    }

    @Override
    public ConstraintValidatorFactory getConstraintValidatorFactory() {
        return factory.getConstraintValidatorFactory();
    }

    @Override
    public ParameterNameProvider getParameterNameProvider() {
        return factory.getParameterNameProvider();
    }

    @Override
    public ClockProvider getClockProvider() {
        return factory.getClockProvider();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return factory.unwrap(type);
    }

    @Override
    public void close() {
        factory.close();
    }
}
