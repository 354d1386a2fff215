package com.verdictdigest.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.verdictdigest.support.Config;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.quartz.Scheduler;

/** The decisions of a weekly fire, on a real database: run once per time, skip beyond the grace. */
class WeeklyScheduleTest {

    static final Instant MONDAY_8 = Instant.parse("2026-11-23T08:00:00Z");

    static WeeklySchedule schedule(JdbcClient jdbc, Instant now, List<Instant> calls) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("run", (WeeklyRun) at -> {
            calls.add(at);
            return "issue for " + at;
        });
        return new WeeklySchedule(new ScheduleRuns(jdbc), beans.getBeanProvider(WeeklyRun.class),
                beans.getBeanProvider(Scheduler.class),
                Config.bind(ScheduleProperties.class, "cron=0 0 8 ? * MON", "misfire-grace=6h"),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @StoreTest
    void aFireWithinTheGraceRunsOnceAndASecondFireForTheSameTimeDoesNothing(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        List<Instant> calls = new CopyOnWriteArrayList<>();

        assertThat(schedule(jdbc, MONDAY_8.plus(Duration.ofHours(5)), calls).fire(MONDAY_8)).isEqualTo(WeeklySchedule.Outcome.RAN);
        assertThat(schedule(jdbc, MONDAY_8.plus(Duration.ofHours(5)), calls).fire(MONDAY_8)).isEqualTo(WeeklySchedule.Outcome.DUPLICATE);

        assertThat(calls).containsExactly(MONDAY_8);
        assertThat(new ScheduleRuns(jdbc).recent(5)).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("ran");
            assertThat(r.detail()).isEqualTo("issue for " + MONDAY_8);
        });
    }

    @StoreTest
    void aFireLaterThanTheGraceIsRecordedAsSkippedAndDoesNotRun(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        List<Instant> calls = new CopyOnWriteArrayList<>();

        WeeklySchedule.Outcome outcome = schedule(jdbc, MONDAY_8.plus(Duration.ofHours(7)), calls).fire(MONDAY_8);

        assertThat(outcome).isEqualTo(WeeklySchedule.Outcome.SKIPPED);
        assertThat(calls).isEmpty();
        assertThat(new ScheduleRuns(jdbc).recent(5)).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("skipped");
            assertThat(r.detail()).contains("420 min after its time").contains("grace of 360 min");
        });
    }

    @StoreTest
    void aFailingRunIsRecordedWithItsError(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("run", (WeeklyRun) at -> {
            throw new IllegalStateException("no comparisons this week");
        });
        WeeklySchedule s = new WeeklySchedule(new ScheduleRuns(jdbc), beans.getBeanProvider(WeeklyRun.class),
                beans.getBeanProvider(Scheduler.class), Config.bind(ScheduleProperties.class, "cron=0 0 8 ? * MON", "misfire-grace=6h"), Clock.fixed(MONDAY_8, ZoneOffset.UTC));

        assertThat(s.fire(MONDAY_8)).isEqualTo(WeeklySchedule.Outcome.FAILED);
        assertThat(new ScheduleRuns(jdbc).recent(1).get(0).detail()).isEqualTo("IllegalStateException: no comparisons this week");
    }
}
