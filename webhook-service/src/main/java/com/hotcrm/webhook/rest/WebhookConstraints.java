package com.hotcrm.webhook.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import com.hotcrm.platform.metadata.Naming;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.StandardObjects;
import com.hotcrm.platform.net.UrlPolicy;
import com.hotcrm.webhook.service.SigningSecrets;
import com.hotcrm.webhook.service.WebhookUrls;

/**
 * The checks of a webhook's fields that a plain constraint cannot express, as constraints, so a request with a
 * bad url and a bad name hears of both at once. Each says what is wrong in its own words.
 */
public final class WebhookConstraints {

    private WebhookConstraints() {
    }

    /** An https URL the delivery policy accepts (scheme, port, no credentials; the address is checked later). */
    @Documented
    @Constraint(validatedBy = UrlValidator.class)
    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Url {
        String message() default "url is not an address webhooks may be sent to";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A signing secret: {@code whsec_} and 24 to 64 bytes in base64, or 16 to 256 printable characters. */
    @Documented
    @Constraint(validatedBy = SecretValidator.class)
    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Secret {
        String message() default "secret is not a usable signing secret";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A standard object's name, or a custom object's ({@code ..__c}); whether it exists is checked later. */
    @Documented
    @Constraint(validatedBy = ObjectNameValidator.class)
    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
    @Retention(RetentionPolicy.RUNTIME)
    public @interface ObjectName {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    @ApplicationScoped
    public static class UrlValidator implements ConstraintValidator<Url, String> {

        private final WebhookUrls urls;

        public UrlValidator(WebhookUrls urls) {
            this.urls = urls;
        }

        @Override
        public boolean isValid(String url, ConstraintValidatorContext context) {
            if (url == null) {
                return true;
            }
            try {
                urls.policy().parse(url);
                return true;
            } catch (UrlPolicy.Refused e) {
                return refuse(context, e.getMessage());
            }
        }
    }

    public static class SecretValidator implements ConstraintValidator<Secret, String> {

        @Override
        public boolean isValid(String secret, ConstraintValidatorContext context) {
            String problem = secret == null ? null : SigningSecrets.problemWith(secret);
            return problem == null || refuse(context, problem);
        }
    }

    public static class ObjectNameValidator implements ConstraintValidator<ObjectName, String> {

        private static final Set<String> STANDARD = StandardObjects.all().stream().map(ObjectDef::name)
                .collect(Collectors.toUnmodifiableSet());
        private static final String MESSAGE = "object must be an object's API name (" + STANDARD.stream().sorted()
                .collect(Collectors.joining(", ")) + ", or a custom object ending in __c)";

        @Override
        public boolean isValid(String object, ConstraintValidatorContext context) {
            return object == null || STANDARD.contains(object) || (object.endsWith("__c") && Naming.isApiName(object))
                    || refuse(context, MESSAGE);
        }
    }

    /** A violation with this message, passed as a parameter so nothing in it is read as a template. */
    private static boolean refuse(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("problem", message)
                .buildConstraintViolationWithTemplate("{problem}").addConstraintViolation();
        return false;
    }
}
