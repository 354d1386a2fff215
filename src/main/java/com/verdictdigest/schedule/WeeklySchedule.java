package com.verdictdigest.schedule;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Decides what a weekly fire does: run {@link WeeklyRun} once per scheduled time, skip (and
 * record) a fire that comes later than the grace period after its time (the app was down), and
 * ignore a second fire for a time that already ran. Also tells the editor when the next fire is.
 */
@Service
public class WeeklySchedule {

    public static final JobKey JOB = JobKey.jobKey("weekly-digest", "verdict");
    public static final TriggerKey TRIGGER = TriggerKey.triggerKey("weekly-digest", "verdict");

    /** What a fire came to. */
    public enum Outcome { RAN, FAILED, SKIPPED, DUPLICATE }

    /** For the editor page: the schedule, the next fire, and the last runs. */
    public record Status(String cron, String timeZone, Instant nextFire, Instant previousFire, List<ScheduleRuns.Run> recent) {
    }

    private static final Logger log = LoggerFactory.getLogger(WeeklySchedule.class);

    private final ScheduleRuns runs;
    private final ObjectProvider<WeeklyRun> weeklyRun;
    private final ObjectProvider<Scheduler> scheduler;
    private final ScheduleProperties props;
    private final Clock clock;
    private final String instance;

    public WeeklySchedule(ScheduleRuns runs, ObjectProvider<WeeklyRun> weeklyRun, ObjectProvider<Scheduler> scheduler,
                          ScheduleProperties props, Clock clock) {
        this.runs = runs;
        this.weeklyRun = weeklyRun;
        this.scheduler = scheduler;
        this.props = props;
        this.clock = clock;
        this.instance = hostName();
    }

    public Outcome fire(Instant scheduledFor) {
        Instant now = clock.instant();
        Duration late = Duration.between(scheduledFor, now);
        if (late.compareTo(props.misfireGrace()) > 0) {
            String why = "skipped: fired " + late.toMinutes() + " min after its time, beyond the grace of "
                    + props.misfireGrace().toMinutes() + " min (was the app down?)";
            if (runs.begin(scheduledFor, now, "skipped", why, instance)) {
                tellMissed(scheduledFor, true, why);
            }
            log.warn("weekly run for {} {}", scheduledFor, why);
            return Outcome.SKIPPED;
        }
        if (!runs.begin(scheduledFor, now, "running", null, instance)) {
            log.info("weekly run for {} already happened; this fire does nothing", scheduledFor);
            return Outcome.DUPLICATE;
        }
        WeeklyRun run = weeklyRun.getIfAvailable();
        if (run == null) {
            runs.finish(scheduledFor, "failed", "no WeeklyRun bean: nothing builds the issue");
            return Outcome.FAILED;
        }
        try {
            String detail = run.run(scheduledFor);
            runs.finish(scheduledFor, "ran", detail);
            return Outcome.RAN;
        } catch (RuntimeException e) {
            log.error("weekly run for {} failed", scheduledFor, e);
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            runs.finish(scheduledFor, "failed", why);
            tellMissed(scheduledFor, false, why);
            return Outcome.FAILED;
        }
    }

    /** The editor's pages list every run: a fire that closed no window is recorded there too. */
    private void tellMissed(Instant scheduledFor, boolean skipped, String why) {
        WeeklyRun run = weeklyRun.getIfAvailable();
        if (run == null) {
            return;
        }
        try {
            run.missed(scheduledFor, skipped, why);
        } catch (RuntimeException e) {
            log.warn("could not record the missed weekly run for {}: {}", scheduledFor, e.getMessage());
        }
    }

    public Status status() {
        Instant next = null;
        Instant previous = null;
        Scheduler s = scheduler.getIfAvailable();
        if (s != null) {
            try {
                Trigger t = s.getTrigger(TRIGGER);
                if (t != null) {
                    next = Optional.ofNullable(t.getNextFireTime()).map(java.util.Date::toInstant).orElse(null);
                    previous = Optional.ofNullable(t.getPreviousFireTime()).map(java.util.Date::toInstant).orElse(null);
                }
            } catch (SchedulerException e) {
                log.warn("cannot read the weekly trigger: {}", e.getMessage());
            }
        }
        return new Status(props.cron(), props.timeZone().getId(), next, previous, runs.recent(10));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (java.io.IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
