package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.system.DemoSeeder;
import com.verdictdigest.system.SqlTime;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Demo data: a few confirmed subscribers at example.com, with consent evidence from the form "demo". */
@Component
@Order(20)
class DemoSubscribersSeeder implements DemoSeeder {

    private record Demo(String email, String name, Set<String> categories, boolean textOnly, String timeZone) {
    }

    /** Readers in four zones (one not known: the list's default), so a local-time send shows its waves. */
    private static final List<Demo> DEMO = List.of(
            new Demo("ada@example.com", "Ada Lovelace", Set.of(), false, "Europe/London"),
            new Demo("grace@example.com", "Grace Hopper", Set.of(), true, "America/New_York"),
            new Demo("alan@example.com", "Alan Turing", Set.of("Developer Tools"), false, "Asia/Tokyo"),
            new Demo("katherine@example.com", null, Set.of(), false, null));

    private final SubscriberRepository repository;
    private final SubscribersProperties properties;
    private final Clock clock;

    DemoSubscribersSeeder(SubscriberRepository repository, SubscribersProperties properties, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    @Transactional
    public String seed() {
        Instant now = SqlTime.now(clock);
        int added = 0;
        for (Demo d : DEMO) {
            EmailAddress email = EmailAddress.parse(d.email());
            if (repository.findByEmailKey(email.key()).isPresent()) {
                continue;
            }
            Instant signedUp = now.minus(Duration.ofDays(14)).plus(Duration.ofMinutes(added * 7L));
            long id = repository.insert(email, d.name(), SubscriberStatus.PENDING, d.categories(), signedUp, d.timeZone());
            ConsentEvidence evidence = new ConsentEvidence("127.0.0.1", "demo", "demo",
                    properties.consentText(), properties.consentVersion());
            repository.insertEvent(id, signedUp, "signup", SubscriberStatus.PENDING, evidence, null);
            Instant confirmed = signedUp.plus(Duration.ofMinutes(3));
            repository.confirm(id, confirmed);
            repository.insertEvent(id, confirmed, "confirm", SubscriberStatus.CONFIRMED, evidence, "demo data");
            if (d.textOnly()) {
                repository.updatePreferences(id, d.name(), d.categories(), true, true, null, d.timeZone(), confirmed);
            }
            added++;
        }
        return "Subscribers: " + added + " demo subscribers added (" + DEMO.size() + " in the demo set, at example.com)";
    }

    @Override
    public List<String> links(String baseUrl) {
        return List.of("Sign up:          " + baseUrl + "/subscribe",
                "Dev inbox:        " + baseUrl + "/dev/inbox");
    }
}
