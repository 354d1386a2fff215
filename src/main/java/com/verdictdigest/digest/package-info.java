/**
 * The weekly issue: selection, states and their history, rendering, lint, the editor's pages, the
 * archive. Drives delivery through its API and moves the state on delivery's events.
 * Owns the tables digest_issue, digest_issue_item, digest_issue_event, digest_window_run, digest_lock.
 */
@ApplicationModule(displayName = "Digest", allowedDependencies = {"catalog", "mail", "delivery", "subscribers", "system"})
package com.verdictdigest.digest;

import org.springframework.modulith.ApplicationModule;
