package com.verdictdigest.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz job behind the weekly trigger; the decisions are {@link WeeklySchedule}'s. */
@DisallowConcurrentExecution
public class WeeklyJob implements Job {

    private final WeeklySchedule schedule;

    public WeeklyJob(WeeklySchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void execute(JobExecutionContext context) {
        schedule.fire(context.getScheduledFireTime().toInstant());
    }
}
