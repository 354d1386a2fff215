/**
 * Sign-up with double opt-in, unsubscribe, preferences, link tokens, the suppression list, erasure
 * (announced as SubscriberErased), admin pages, CSV.
 * Owns the tables subscriber, subscriber_event, confirmation_token, suppression and the view
 * subscriber_recipient (the read API of delivery's enqueue and claim).
 */
@ApplicationModule(displayName = "Subscribers", allowedDependencies = {"mail", "system"})
package com.verdictdigest.subscribers;

import org.springframework.modulith.ApplicationModule;
