package com.verdictdigest.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * How this process was started, {@code verdict.mode}: set by the command itself ({@code serve},
 * {@code demo}, and {@code cli} for every other command), never by hand. An application started
 * otherwise (a test's context) is {@code serve}.
 */
public enum RunMode {
    SERVE, DEMO, CLI;

    public static final String KEY = "verdict.mode";

    public static RunMode of(Environment environment) {
        return Binder.get(environment).bind(KEY, RunMode.class).orElse(SERVE);
    }

    /** The value commands set {@link #KEY} to. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Pollers, timers and background senders: in serve and demo, never in a command that should finish. */
    public boolean runsBackgroundWork() {
        return this != CLI;
    }

    /** Registers the bean only where background work runs ({@link #runsBackgroundWork()}). */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Conditional(BackgroundWorkCondition.class)
    public @interface ConditionalOnBackgroundWork {
    }

    static class BackgroundWorkCondition implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).runsBackgroundWork();
        }
    }
}
