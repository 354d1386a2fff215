/**
 * The weekly Quartz job, the due-time check of scheduled issues, the editor's sending pages.
 * Owns the table schedule_run (and Quartz's qrtz_* tables).
 */
@ApplicationModule(displayName = "Schedule", allowedDependencies = {"digest", "delivery", "system"})
package com.verdictdigest.schedule;

import org.springframework.modulith.ApplicationModule;
