/**
 * Shared web plumbing only: security, the framework's request errors as problem details, login.
 * Knows no feature.
 */
@ApplicationModule(displayName = "Web", allowedDependencies = "system")
package com.verdictdigest.web;

import org.springframework.modulith.ApplicationModule;
