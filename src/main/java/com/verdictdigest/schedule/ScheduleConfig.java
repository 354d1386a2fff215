package com.verdictdigest.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.TimeZone;

import javax.sql.DataSource;

import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The weekly job and its cron trigger in Quartz's JDBC store (clustered: in a group of instances
 * on one PostgreSQL exactly one fires). Missed fires are kept with their own scheduled times
 * (misfire policy "ignore"), so after a downtime each one reaches {@link WeeklySchedule}, which
 * runs it if it is within the grace period and records it as skipped otherwise.
 */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfig {

    @Bean
    @Conditional(WeeklyJobEnabled.class)
    JobDetail weeklyJobDetail() {
        return JobBuilder.newJob(WeeklyJob.class).withIdentity(WeeklySchedule.JOB)
                .withDescription("Build the week's issue and start its send").storeDurably().requestRecovery().build();
    }

    @Bean
    @Conditional(WeeklyJobEnabled.class)
    Trigger weeklyTrigger(ScheduleProperties props) {
        CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(props.cron()); // validated on binding
        return TriggerBuilder.newTrigger().withIdentity(WeeklySchedule.TRIGGER).forJob(WeeklySchedule.JOB)
                .withSchedule(cron.inTimeZone(TimeZone.getTimeZone(props.timeZone())).withMisfireHandlingInstructionIgnoreMisfires())
                .build();
    }

    /** {@code verdict.schedule.enabled} as the record binds it, default included: conditions run before any bean. */
    static class WeeklyJobEnabled implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bindOrCreate("verdict.schedule", ScheduleProperties.class).enabled();
        }
    }

    /** Quartz needs the SQL dialect of the job store's database: PostgreSQL's differs for BLOBs. */
    @Bean
    SchedulerFactoryBeanCustomizer quartzDelegate(DataSource dataSource, QuartzProperties quartz) {
        return factory -> {
            Properties p = new Properties();
            p.putAll(quartz.getProperties());
            p.putIfAbsent("org.quartz.jobStore.driverDelegateClass", isPostgres(dataSource)
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
            factory.setQuartzProperties(p);
        };
    }

    private static boolean isPostgres(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the database product", e);
        }
    }
}
