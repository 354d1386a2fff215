package com.verdictdigest.bounces;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.InvalidEmailException;
import com.verdictdigest.subscribers.Subscriber;
import com.verdictdigest.subscribers.SubscriberBounces;
import com.verdictdigest.subscribers.Suppressions;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SqlTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acts on one message of the bounce mailbox, in one transaction: maps it to a subscriber (VERP
 * token first, then the address the report names), then a hard bounce or a complaint suppresses
 * the address, a soft bounce counts (and suppresses at the limit, 3 in a row by default), and
 * each bounce leaves a {@code subscriber_event}. A message is acted on once: its identity is
 * recorded in the same transaction. The mailbox poller and {@code bounces import} both come here.
 */
@Service
public class BounceProcessor {

    /**
     * What happened to one message.
     *
     * @param recipient    the matched subscriber's address, else the address the report names, else null
     * @param subscriberId the matched subscriber, else null
     * @param action       what was done: "suppressed", "soft count 1/3", "no subscriber matched",
     *                     "nothing (dry run; would have: suppressed)"...
     * @param softCount    the soft-bounce count after this message, for soft bounces of a subscriber
     */
    public record Outcome(Bounce bounce, String recipient, Long subscriberId, String action, Integer softCount) {
    }

    private final BounceParser parser;
    private final BounceRepository repository;
    private final SubscriberBounces subscribers;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int softLimit;
    private final Duration softWindow;
    private final BounceMetrics metrics;

    public BounceProcessor(BounceRepository repository, SubscriberBounces subscribers, PlatformTransactionManager txManager,
                           Clock clock, SenderProperties sender, BounceProperties properties) {
        this(repository, subscribers, txManager, clock, sender, properties, BounceMetrics.NONE);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public BounceProcessor(BounceRepository repository, SubscriberBounces subscribers, PlatformTransactionManager txManager,
                           Clock clock, SenderProperties sender, BounceProperties properties, BounceMetrics metrics) {
        this.metrics = metrics;
        this.parser = new BounceParser(sender.domain());
        this.repository = repository;
        this.subscribers = subscribers;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
        this.softLimit = properties.softBounceLimit();
        this.softWindow = properties.softBounceWindow();
    }

    /** @throws UnparseableMessageException when the bytes are not a readable mail message (nothing changed) */
    public Outcome process(byte[] raw, boolean dryRun) throws UnparseableMessageException {
        return apply(parser.parse(raw), dryRun);
    }

    /** A dry run takes the same path and rolls back, so it says exactly what a real run would do. */
    public Outcome apply(Bounce bounce, boolean dryRun) {
        try {
            Outcome outcome = tx.execute(status -> {
                Outcome o = applyInTransaction(bounce);
                if (dryRun) {
                    status.setRollbackOnly();
                    return new Outcome(o.bounce(), o.recipient(), o.subscriberId(),
                            o.action().equals("nothing") ? "nothing (dry run)" : "nothing (dry run; would have: " + o.action() + ")",
                            o.softCount());
                }
                return o;
            });
            if (!dryRun && !outcome.action().startsWith("nothing (already")) {
                metrics.processed(bounce);
            }
            return outcome;
        } catch (DuplicateKeyException e) {
            // Another instance processed the same message at the same moment.
            return new Outcome(bounce, bounce.recipient(), null, "nothing (already processed)", null);
        }
    }

    private Outcome applyInTransaction(Bounce b) {
        Optional<Subscriber> match = match(b);
        String shown = match.map(Subscriber::email).orElse(b.recipient());
        Long id = match.map(Subscriber::id).orElse(null);
        // Unsubscribe requests are recognised here; acting on them is not this class's job yet.
        if (b.kind() == BounceKind.NOT_A_BOUNCE || b.kind() == BounceKind.UNSUBSCRIBE) {
            return new Outcome(b, shown, id, "nothing", null);
        }
        Instant now = SqlTime.now(clock);
        String hash = EmailAddress.hashOfKey(b.messageKey());
        if (!repository.insertProcessed(hash, now, b.describe())) {
            return new Outcome(b, shown, id, "nothing (already processed)", null);
        }
        if (match.isEmpty()) {
            return new Outcome(b, shown, null, "no subscriber matched", null);
        }
        Subscriber r = match.get();
        String detail = detail(b, r);
        return switch (b.kind()) {
            case HARD, COMPLAINT -> {
                Suppressions.Reason reason = b.kind() == BounceKind.HARD ? Suppressions.Reason.HARD_BOUNCE
                        : Suppressions.Reason.COMPLAINT;
                boolean added = subscribers.recordRejection(r, reason, detail, b.describe());
                yield new Outcome(b, shown, id, added ? "suppressed" : "already suppressed", null);
            }
            case SOFT -> {
                SubscriberBounces.SoftBounce soft = subscribers.recordSoftBounce(r, softWindow, softLimit, detail, b.describe());
                int n = soft.count();
                if (!soft.limitReached()) {
                    yield new Outcome(b, shown, id, "soft count " + n + "/" + softLimit, n);
                }
                yield new Outcome(b, shown, id, (soft.newlySuppressed() ? "suppressed" : "already suppressed")
                        + " (soft count " + n + "/" + softLimit + ")", n);
            }
            case NOT_A_BOUNCE, UNSUBSCRIBE -> throw new IllegalStateException("handled above");
        };
    }

    /** VERP token first: it names our subscriber even when the report names a forwarding address. */
    private Optional<Subscriber> match(Bounce b) {
        if (b.verpToken() != null) {
            Optional<Subscriber> byToken = subscribers.findByVerpToken(b.verpToken());
            if (byToken.isPresent()) {
                return byToken;
            }
        }
        if (b.recipient() != null) {
            try {
                return subscribers.findByAddress(EmailAddress.parse(b.recipient()));
            } catch (InvalidEmailException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String detail(Bounce b, Subscriber r) {
        String s = b.describe() + " [" + b.format() + "]";
        if (b.recipient() != null && !b.recipient().equalsIgnoreCase(r.email())) {
            s += " reported for " + b.recipient();
        }
        return s;
    }
}
