package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.verdictdigest.system.SqlTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What a confirmed subscriber chooses to receive: categories, a pause, plain text, vote links, their name. */
@Service
public class PreferencesService {

    /**
     * @param categories the categories to receive; empty for all
     * @param pauseWeeks null keeps the current pause, 0 resumes, N pauses for N weeks from now
     * @param timeZone   null keeps the zone; blank: not known (the list's default zone); else an IANA
     *                   zone id ({@link ReaderTimeZones#parse}), refused if unknown
     */
    public record Change(String name, Set<String> categories, boolean textOnly, boolean showVotes, Integer pauseWeeks,
                         String timeZone) {
    }

    /** A preference that cannot be stored, naming the field. */
    public static class InvalidPreferenceException extends RuntimeException {

        private final String field;

        public InvalidPreferenceException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private final SubscriberRepository repository;
    private final SubscribersProperties properties;
    private final Clock clock;

    PreferencesService(SubscriberRepository repository, SubscribersProperties properties, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    /** @throws InvalidPreferenceException if a value is out of range; nothing is changed then */
    @Transactional
    public Subscriber update(Subscriber subscriber, Change change, String ip, String userAgent) {
        if (subscriber.status() != SubscriberStatus.CONFIRMED) {
            throw new InvalidPreferenceException("status", "only a confirmed subscription has preferences");
        }
        String name;
        try {
            name = SignupService.cleanName(change.name());
        } catch (IllegalArgumentException e) {
            throw new InvalidPreferenceException("name", e.getMessage());
        }
        Set<String> categories = change.categories() == null ? Set.of() : Set.copyOf(change.categories());
        try {
            SubscriberRepository.categoriesColumn(categories);
        } catch (IllegalArgumentException e) {
            throw new InvalidPreferenceException("categories", e.getMessage());
        }
        String timeZone = subscriber.timeZone();
        if (change.timeZone() != null) {
            timeZone = change.timeZone().isBlank() ? null : ReaderTimeZones.parse(change.timeZone()).orElseThrow(() ->
                    new InvalidPreferenceException("timeZone", ReaderTimeZones.quoted(change.timeZone())
                            + " is not a time zone we know: pick one from the list, such as Europe/Berlin"));
        }
        Instant now = SqlTime.now(clock);
        Instant pausedUntil = subscriber.isPausedAt(now) ? subscriber.pausedUntil() : null;
        Integer weeks = change.pauseWeeks();
        if (weeks != null) {
            if (weeks < 0 || weeks > properties.maxPauseWeeks()) {
                throw new InvalidPreferenceException("pauseWeeks",
                        "a pause is 0 to " + properties.maxPauseWeeks() + " weeks, not " + weeks);
            }
            pausedUntil = weeks == 0 ? null : now.plus(Duration.ofDays(7L * weeks));
        }
        repository.updatePreferences(subscriber.id(), name, categories, change.textOnly(), change.showVotes(),
                pausedUntil, timeZone, now);
        List<String> detail = new ArrayList<>();
        detail.add("categories: " + (categories.isEmpty() ? "all" : String.join(", ", new java.util.TreeSet<>(categories))));
        detail.add("format: " + (change.textOnly() ? "plain text" : "HTML"));
        detail.add("vote links: " + (change.showVotes() ? "shown" : "hidden"));
        detail.add("paused until: " + (pausedUntil == null ? "not paused" : pausedUntil.toString()));
        detail.add("time zone: " + (timeZone == null ? "not known" : timeZone));
        if (!java.util.Objects.equals(name, subscriber.name())) {
            detail.add("name changed");
        }
        repository.insertEvent(subscriber.id(), now, "preferences", subscriber.status(),
                new ConsentEvidence(ip, userAgent, "preferences-page", null, null), String.join("; ", detail));
        return repository.findById(subscriber.id()).orElseThrow();
    }
}
