package com.verdictdigest.subscribers;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import com.verdictdigest.mail.EmailAddress;

/**
 * A person on the list.
 *
 * @param email      the address as given (IDN domains kept in Unicode for display)
 * @param emailKey   lower case, domain in ASCII: the identity
 * @param token      the link token of the unsubscribe and preferences links and the mailto, recomputed
 *                   by {@link SubscriberTokens} (it is stored nowhere)
 * @param categories the tool categories to receive; empty means all, including future ones
 * @param textOnly   plain text mail instead of HTML
 * @param showVotes  the digest carries Ship/Skip vote links under each tool ("show votes in my digest")
 * @param pausedUntil no digest before this instant; null if not paused
 * @param softBounces soft bounces in a row (see {@link SubscriberBounces})
 */
public record Subscriber(long id, String email, String emailKey, String name, SubscriberStatus status, String token,
                         Set<String> categories, boolean textOnly, boolean showVotes, Instant pausedUntil, int softBounces,
                         Instant createdAt, Instant updatedAt, Instant confirmedAt) {

    public Subscriber {
        categories = categories == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(categories));
    }

    public EmailAddress address() {
        return new EmailAddress(email, emailKey);
    }

    public boolean receivesAllCategories() {
        return categories.isEmpty();
    }

    public boolean isPausedAt(Instant now) {
        return pausedUntil != null && pausedUntil.isAfter(now);
    }
}
