/**
 * What cuts across and every module may use: the clock, time columns, site and sender settings,
 * the problem-detail shapes of the APIs, demo hooks, the dev mail server.
 */
@ApplicationModule(displayName = "System", type = ApplicationModule.Type.OPEN, allowedDependencies = {})
package com.verdictdigest.system;

import org.springframework.modulith.ApplicationModule;
