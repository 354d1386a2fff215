package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.verdictdigest.system.RunMode.ConditionalOnBackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Works the recorded sign-up requests in {@code serve} and {@code demo} (never in a CLI command):
 * at once after a request commits, and every {@code verdict.subscribers.outbox.poll-interval} for
 * retries and requests recorded by another instance. One request at a time per instance, each
 * held by a lease so instances never work the same one. A mail server that fails puts the
 * request back with a doubling wait ({@code retry-backoff} up to {@code max-backoff}); after
 * {@code max-attempts} it is given up and logged.
 */
@Component
@ConditionalOnBackgroundWork
class SignupOutbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SignupOutbox.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final SubscriberRepository repository;
    private final SignupService signups;
    private final SubscribersProperties.Outbox settings;
    private final SubscriberMetrics metrics;
    private final Clock clock;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile ScheduledExecutorService worker;

    SignupOutbox(SubscriberRepository repository, SignupService signups, SubscribersProperties properties,
                 SubscriberMetrics metrics, Clock clock) {
        this.repository = repository;
        this.signups = signups;
        this.settings = properties.outbox();
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void start() {
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signup-outbox");
            t.setDaemon(true);
            return t;
        });
        long every = settings.pollInterval().toMillis();
        worker.scheduleWithFixedDelay(this::drain, 0, every, TimeUnit.MILLISECONDS);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SignupService.SignupRequested requested) {
        ScheduledExecutorService w = worker;
        if (w != null && queued.compareAndSet(false, true)) {
            w.execute(() -> {
                queued.set(false);
                drain();
            });
        }
    }

    /** Works every request due now; returns when none is left. */
    void drain() {
        try {
            List<Long> due;
            while (!(due = repository.dueOutbox(clock.instant(), 50)).isEmpty()) {
                int worked = 0;
                for (long id : due) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    if (work(id)) {
                        worked++;
                    }
                }
                if (worked == 0) {
                    return; // all held by other instances
                }
            }
        } catch (RuntimeException e) {
            log.warn("working the sign-up outbox failed: {}", e.getMessage());
        }
    }

    private boolean work(long id) {
        Instant now = clock.instant();
        if (!repository.claimOutbox(id, now, now.plus(LEASE))) {
            return false;
        }
        SubscriberRepository.OutboxRow request = repository.findOutbox(id).orElse(null);
        if (request == null) {
            return false;
        }
        try {
            SignupService.Outcome outcome = signups.process(request);
            metrics.outbox(outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            log.debug("sign-up request {}: {}", id, outcome);
        } catch (MailException | org.springframework.dao.DataAccessException | IllegalArgumentException e) {
            int attempts = request.attempts() + 1;
            if (attempts >= settings.maxAttempts()) {
                repository.deleteOutbox(id);
                metrics.outbox("given-up");
                log.error("sign-up request {} given up after {} attempts: {}", id, attempts, e.getMessage());
            } else {
                Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
                if (wait.compareTo(settings.maxBackoff()) > 0) {
                    wait = settings.maxBackoff();
                }
                repository.retryOutbox(id, attempts, e.getMessage(), clock.instant().plus(wait));
                metrics.outbox("retry");
                log.warn("sign-up request {}: mail not sent (attempt {}), retried in {}: {}", id, attempts, wait, e.getMessage());
            }
        }
        return true;
    }

    @Override
    public void stop() {
        ScheduledExecutorService w = worker;
        worker = null;
        if (w != null) {
            w.shutdownNow();
            try {
                w.awaitTermination(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
