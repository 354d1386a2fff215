/**
 * The picocli commands of the jar: may use every module, and nothing uses it.
 */
@ApplicationModule(displayName = "CLI")
package com.verdictdigest.cli;

import org.springframework.modulith.ApplicationModule;
