/**
 * Bounces and complaints: parsing, classification, the mailbox poller, the import's core. Asks
 * subscribers to count a soft bounce or suppress an address. Owns the table processed_bounce.
 */
@ApplicationModule(displayName = "Bounces", allowedDependencies = {"mail", "delivery", "subscribers", "system"})
package com.verdictdigest.bounces;

import org.springframework.modulith.ApplicationModule;
