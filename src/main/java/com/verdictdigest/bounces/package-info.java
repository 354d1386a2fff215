/**
 * Bounces and complaints: parsing, classification, the mailbox pollers, unsubscribe by mail, the
 * unverified bounces an admin reviews, the import's core. Acts only on what carries a VERP token
 * or Message-ID of ours; asks subscribers to count a soft bounce, suppress an address or
 * unsubscribe, and tells delivery what came back for a copy. Owns the tables processed_bounce,
 * unverified_bounce and quarantined_bounce.
 */
@ApplicationModule(displayName = "Bounces", allowedDependencies = {"mail", "delivery", "subscribers", "system"})
package com.verdictdigest.bounces;

import org.springframework.modulith.ApplicationModule;
