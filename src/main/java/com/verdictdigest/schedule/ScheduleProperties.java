package com.verdictdigest.schedule;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.hibernate.validator.constraints.time.DurationMin;
import org.quartz.CronExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code verdict.schedule.*}: when the weekly issue is built and sent.
 *
 * @param enabled          register the weekly job (serve/demo only; CLI commands never start Quartz)
 * @param cron             Quartz cron expression (seconds first), Mondays 08:00 by default
 * @param timeZone         the zone the cron expression is read in
 * @param misfireGrace     if the app was down at fire time, a fire this late still runs at start-up;
 *                         a later one is recorded as skipped
 * @param dispatchInterval how often approved issues are handed to the sender
 */
@ConfigurationProperties("verdict.schedule")
@Validated
public record ScheduleProperties(@DefaultValue("true") boolean enabled,
                                 @DefaultValue("0 0 8 ? * MON") @QuartzCron String cron,
                                 @DefaultValue("UTC") ZoneId timeZone,
                                 @DefaultValue("6h") @DurationMin(millis = 0) Duration misfireGrace,
                                 @DefaultValue("15s") @DurationMin(millis = 100) Duration dispatchInterval) {

    /** A Quartz cron expression: six or seven fields, seconds first. */
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = QuartzCron.Validator.class)
    public @interface QuartzCron {
        String message() default "must be a Quartz cron expression (seconds first), e.g. \"0 0 8 ? * MON\"";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<QuartzCron, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return value != null && CronExpression.isValidExpression(value);
            }
        }
    }
}
