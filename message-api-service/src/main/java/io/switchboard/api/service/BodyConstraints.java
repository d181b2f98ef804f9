package io.switchboard.api.service;

import io.switchboard.store.Accounts;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The request-body constraints Bean Validation does not ship: lengths as people count them, and passwords. */
public final class BodyConstraints {
    private BodyConstraints() {
    }

    /** At most {@code max} characters (Unicode code points, after trimming); null passes (pair with NotBlank). */
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = MaxCharactersValidator.class)
    public @interface MaxCharacters {
        int value();

        String message();

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class MaxCharactersValidator implements ConstraintValidator<MaxCharacters, String> {
        private int max;

        @Override
        public void initialize(MaxCharacters annotation) {
            max = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String v = value.trim();
            return v.codePointCount(0, v.length()) <= max;
        }
    }

    /** A password people can choose ({@link Accounts#passwordProblem}); {@code field} names it in the message. */
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = PasswordValidator.class)
    public @interface Password {
        String field();

        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class PasswordValidator implements ConstraintValidator<Password, String> {
        private String field;

        @Override
        public void initialize(Password annotation) {
            field = annotation.field();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Accounts.passwordProblem(value, field).map(problem -> {
                context.disableDefaultConstraintViolation();
                // The problem text is ours, never the caller's input: no expression language in it to interpret.
                context.buildConstraintViolationWithTemplate(problem.replace("{", "\\{").replace("$", "\\$"))
                        .addConstraintViolation();
                return false;
            }).orElse(true);
        }
    }
}
