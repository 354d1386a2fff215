/**
 * The send of an issue: the ledger, claims, sender threads, progress, test copies, what came back
 * for each copy (SendFeedback) and the guard that pauses a send with too many complaints or hard
 * bounces. Announces what happens to a send as events (SendStarted, SendPaused, SendResumed,
 * SendCancelled, SendFinished). Owns the tables delivery_send and delivery_ledger.
 */
@ApplicationModule(displayName = "Delivery", allowedDependencies = {"mail", "subscribers", "system"})
package com.verdictdigest.delivery;

import org.springframework.modulith.ApplicationModule;
