package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.verdictdigest.system.SqlTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Double opt-in, the second half. Looking at a link ({@link #check}) changes nothing, because
 * mail scanners open links; only {@link #confirm} (the POST of the Confirm button) does.
 */
@Service
public class ConfirmationService {

    public enum State {
        /** unused and unexpired: the Confirm button may be shown */
        VALID,
        /** just confirmed by this call */
        CONFIRMED,
        EXPIRED,
        USED,
        /** never issued, tampered with, or its sign-up was purged or suppressed */
        UNKNOWN
    }

    /** @param subscriber present for every state but UNKNOWN */
    public record Result(State state, Optional<Subscriber> subscriber) {

        static Result unknown() {
            return new Result(State.UNKNOWN, Optional.empty());
        }
    }

    private final SubscriberRepository repository;
    private final Clock clock;
    private final SubscriberMetrics metrics;

    ConfirmationService(SubscriberRepository repository, Clock clock, SubscriberMetrics metrics) {
        this.repository = repository;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Transactional(readOnly = true)
    public Result check(String token) {
        if (!Tokens.wellFormed(token)) {
            return Result.unknown();
        }
        return repository.findConfirmationToken(Tokens.sha256Hex(token))
                .map(row -> stateOf(row, SqlTime.now(clock)))
                .orElseGet(Result::unknown);
    }

    /** Confirms the sign-up behind the token, once; the confirm time, IP and user agent are kept as evidence. */
    @Transactional
    public Result confirm(String token, String ip, String userAgent) {
        if (!Tokens.wellFormed(token)) {
            return Result.unknown();
        }
        String hash = Tokens.sha256Hex(token);
        Instant now = SqlTime.now(clock);
        Optional<SubscriberRepository.ConfirmationToken> row = repository.findConfirmationToken(hash);
        if (row.isEmpty()) {
            return Result.unknown();
        }
        if (repository.useConfirmationToken(hash, now) == 0) {
            return stateOf(repository.findConfirmationToken(hash).orElseThrow(), now);
        }
        long id = row.get().subscriberId();
        if (repository.confirm(id, now) == 0) {
            // Suppressed or unsubscribed since the link was sent: the link no longer stands for consent.
            return Result.unknown();
        }
        repository.retireOpenConfirmationTokens(id, now);
        Optional<SubscriberEvent> signup = repository.findEvents(id).stream()
                .filter(e -> e.kind().equals("signup")).reduce((a, b) -> b);
        repository.insertEvent(id, now, "confirm", SubscriberStatus.CONFIRMED,
                new ConsentEvidence(ip, userAgent, "confirm-page",
                        signup.map(SubscriberEvent::consentText).orElse(null),
                        signup.map(SubscriberEvent::consentVersion).orElse(null)),
                "confirmed with the link sent at " + row.get().createdAt());
        metrics.confirmed();
        return new Result(State.CONFIRMED, repository.findById(id));
    }

    private Result stateOf(SubscriberRepository.ConfirmationToken row, Instant now) {
        Optional<Subscriber> subscriber = repository.findById(row.subscriberId());
        if (subscriber.isEmpty()) {
            return Result.unknown();
        }
        SubscriberStatus status = subscriber.get().status();
        if (row.usedAt() != null) {
            return new Result(State.USED, subscriber);
        }
        if (!row.expiresAt().isAfter(now)) {
            return new Result(State.EXPIRED, subscriber);
        }
        if (status != SubscriberStatus.PENDING) {
            return Result.unknown();
        }
        return new Result(State.VALID, subscriber);
    }
}
