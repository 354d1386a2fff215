package com.verdictdigest.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;

import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app was down through three fire times (Quartz JDBC store on PostgreSQL, clustered): on
 * start each missed fire arrives with its own time; the two beyond the grace are recorded as
 * skipped and only the recent one runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class MisfireIT {

    static final List<Instant> RUNS = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.POSTGRES::freshUrl);
        r.add("spring.datasource.username", () -> "postgres");
        r.add("spring.quartz.auto-startup", () -> "false");
        r.add("verdict.schedule.enabled", () -> "false");
        r.add("verdict.schedule.misfire-grace", () -> "1h");
        r.add("verdict.delivery.worker", () -> "false");
    }

    @TestConfiguration
    static class Run {
        @Bean
        @org.springframework.context.annotation.Primary // over the digest's real one
        WeeklyRun countingRun() {
            return at -> {
                RUNS.add(at);
                return "ran for " + at;
            };
        }
    }

    @Autowired
    Scheduler scheduler;

    @Autowired
    JdbcClient jdbc;

    @Test
    void missedFiresBeyondTheGraceAreSkippedAndTheRecentOneRunsOnceAtStartUp() throws Exception {
        Instant now = Instant.now();
        Instant lastMissed = now.minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES);
        int minute = lastMissed.atZone(ZoneOffset.UTC).getMinute();
        // Hourly at that minute, starting 2h10m ago: missed at -2h5m, -1h5m and -5m (roughly).
        scheduler.scheduleJob(JobBuilder.newJob(WeeklyJob.class).withIdentity(WeeklySchedule.JOB).storeDurably().build(),
                TriggerBuilder.newTrigger().withIdentity(WeeklySchedule.TRIGGER)
                        .startAt(Date.from(now.minus(Duration.ofMinutes(130))))
                        .withSchedule(CronScheduleBuilder.cronSchedule("0 " + minute + " * ? * *")
                                .inTimeZone(TimeZone.getTimeZone("UTC")).withMisfireHandlingInstructionIgnoreMisfires())
                        .build());

        scheduler.start();

        // The run that runs is recorded "running" first, then "ran".
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                jdbc.sql("select outcome from schedule_run order by scheduled_for").query(String.class).list())
                .containsExactly("skipped", "skipped", "ran"));
        assertThat(RUNS).containsExactly(lastMissed);
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        scheduler.standby();
    }
}
