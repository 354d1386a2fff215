package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.subscribers.SubscriberRepository.NewSubscriber;
import com.verdictdigest.system.DemoSeeder;
import com.verdictdigest.system.SqlTime;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo readers with two months of history (sign-ups, confirmations, a few leaving, a bounce and a
 * complaint), so the admin list and the growth chart have something to show. Runs only under
 * {@code demo}; a second run adds nothing.
 */
@Component
@Order(50)
class SubscriberAdminDemo implements DemoSeeder {

    static final int READERS = 80;

    private final SubscriberRepository repository;
    private final Suppressions suppressions;
    private final TransactionTemplate tx;
    private final Clock clock;

    SubscriberAdminDemo(SubscriberRepository repository, Suppressions suppressions,
                        PlatformTransactionManager txManager, Clock clock) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    @Override
    public String seed() {
        if (repository.findByEmailKey("reader0@example.com").isPresent()) {
            return "Demo readers: already there";
        }
        Instant now = SqlTime.now(clock);
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < READERS; i++) {
                Instant signup = now.minus(Duration.ofHours(18L * (READERS - i) + 3));
                String email = "reader" + i + "@example.com";
                long id = repository.insertWithEvent(new NewSubscriber(email, email, "Reader " + i, SubscriberStatus.PENDING,
                        null, signup, null, "signup", "demo", "Send me the weekly Verdict Digest.", null));
                if (i % 9 == 4) {
                    continue; // never confirmed
                }
                repository.changeStatus(id, SubscriberStatus.CONFIRMED, signup.plus(Duration.ofMinutes(20)), "confirm", "demo", null);
                Instant later = signup.plus(Duration.ofDays(5));
                if (later.isBefore(now)) {
                    if (i % 11 == 3) {
                        repository.changeStatus(id, SubscriberStatus.UNSUBSCRIBED, later, "unsubscribe", "demo", "one-click");
                    } else if (i == 17) {
                        repository.changeStatus(id, SubscriberStatus.BOUNCED, later, "bounce", "demo", "550 5.1.1 user unknown");
                        suppressions.suppress(EmailAddress.parse(email), Suppressions.Reason.HARD_BOUNCE, "demo bounce");
                    } else if (i == 29) {
                        repository.changeStatus(id, SubscriberStatus.COMPLAINED, later, "complaint", "demo", "feedback loop");
                        suppressions.suppress(EmailAddress.parse(email), Suppressions.Reason.COMPLAINT, "demo complaint");
                    }
                }
            }
        });
        return "Demo readers: " + READERS + " with two months of history";
    }

    @Override
    public List<String> links(String baseUrl) {
        return List.of("Subscriber admin: " + baseUrl + "/admin/subscribers   (growth chart: " + baseUrl + "/admin/subscribers/growth)");
    }
}
