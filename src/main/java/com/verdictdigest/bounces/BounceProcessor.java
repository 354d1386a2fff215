package com.verdictdigest.bounces;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.verdictdigest.delivery.SendFeedback;
import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.InvalidEmailException;
import com.verdictdigest.mail.ListMessageIds;
import com.verdictdigest.subscribers.Subscriber;
import com.verdictdigest.subscribers.SubscriberBounces;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SqlTime;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acts on one message of a polled mailbox (or an imported file), in one transaction.
 *
 * <p>Only what is tied to a mail we sent is acted on: a VERP token of ours in it
 * ({@code bounces+ISSUE-SUBSCRIBER-MAC@domain}, or a release 0.1 subscriber token), or a
 * Message-ID of ours ({@code <digest-ISSUE-SUBSCRIBER-MAC@domain>}), both unguessable. Then a
 * hard bounce or a complaint suppresses the subscriber, a soft bounce counts (and suppresses at
 * the limit, 3 in a row by default), the subscriber's history gets the reason, and the copy of
 * the issue it is about gets it too (delivery's per-issue report, and its guard that pauses a send
 * with too many complaints or hard bounces). A report that only names an address is anybody's to
 * write: it is kept as an "unverified bounce" for an admin to act on or dismiss, never acted on by
 * itself. A mail to {@code unsubscribe+TOKEN@domain} unsubscribes the subscriber the token names.
 *
 * <p>A message is acted on once: its identity is recorded in the same transaction. Parsing runs
 * on a thread of its own with a time limit ({@code parse-timeout}), so a message that cannot be
 * parsed in time costs that long and no more. The mailbox poller and {@code bounces import} both
 * come here.
 */
@Service
public class BounceProcessor implements DisposableBean {

    /**
     * What happened to one message.
     *
     * @param recipient    the matched subscriber's address, else the address the report names, else null
     * @param subscriberId the matched subscriber, else null
     * @param action       what was done: "suppressed", "soft count 1/3", "unsubscribed ADDRESS",
     *                     "not acted on: unverified ...", "nothing (dry run; would have: suppressed)"...
     * @param softCount    the soft-bounce count after this message, for soft bounces of a subscriber
     * @param evidence     what tied it to a mail of ours: "VERP", "Message-ID", "0.1 token", "link token",
     *                     "address only" (then nothing was done), or null
     * @param issueNumber  the issue whose copy it is about, when the VERP token or Message-ID says
     */
    public record Outcome(Bounce bounce, String recipient, Long subscriberId, String action, Integer softCount,
                          String evidence, Long issueNumber) {
    }

    static final String VERP = "VERP";
    static final String MESSAGE_ID = "Message-ID";
    static final String OLD_TOKEN = "VERP (0.1)";
    static final String LINK_TOKEN = "link token";
    static final String ADDRESS_ONLY = "address only";

    /** How a message was tied to a mail of ours. */
    private record Match(Subscriber subscriber, String evidence, Long issueNumber) {
    }

    private final BounceParsing parsing;
    private final BounceRepository repository;
    private final SubscriberBounces subscribers;
    private final SendFeedback feedback;
    private final ListMessageIds ids;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String domain;
    private final BounceActions actions;
    private final Duration parseTimeout;
    private final ExecutorService parsers;
    private final BounceMetrics metrics;

    @Autowired
    public BounceProcessor(BounceRepository repository, SubscriberBounces subscribers, SendFeedback feedback,
                           ListMessageIds ids, PlatformTransactionManager txManager, Clock clock, SenderProperties sender,
                           BounceProperties properties, ObjectProvider<BounceParsing> parsing, BounceMetrics metrics) {
        this(parsing.getIfAvailable(() -> new BounceParser(sender.domain())::parse), repository, subscribers, feedback, ids,
                txManager, clock, sender, properties, metrics);
    }

    /** Built by hand (tests, tools): counts into a registry nobody reads. */
    public BounceProcessor(BounceParsing parsing, BounceRepository repository, SubscriberBounces subscribers,
                           SendFeedback feedback, ListMessageIds ids, PlatformTransactionManager txManager, Clock clock,
                           SenderProperties sender, BounceProperties properties) {
        this(parsing, repository, subscribers, feedback, ids, txManager, clock, sender, properties, BounceMetrics.NONE);
    }

    private BounceProcessor(BounceParsing parsing, BounceRepository repository, SubscriberBounces subscribers,
                            SendFeedback feedback, ListMessageIds ids, PlatformTransactionManager txManager, Clock clock,
                            SenderProperties sender, BounceProperties properties, BounceMetrics metrics) {
        this.metrics = metrics;
        this.parsing = parsing;
        this.repository = repository;
        this.subscribers = subscribers;
        this.feedback = feedback;
        this.ids = ids;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
        this.domain = sender.domain();
        this.actions = new BounceActions(subscribers, properties);
        this.parseTimeout = properties.parseTimeout();
        AtomicInteger n = new AtomicInteger();
        this.parsers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bounce-parse-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** @throws UnparseableMessageException when the bytes are not a readable mail message, or not within the time limit (nothing changed) */
    public Outcome process(byte[] raw, boolean dryRun) throws UnparseableMessageException {
        return apply(parse(raw), dryRun);
    }

    /**
     * Parses on a thread of its own and waits at most {@code parse-timeout}; then the parse is
     * interrupted (the parser stops at its next check) and the message counts as unparseable.
     */
    public Bounce parse(byte[] raw) throws UnparseableMessageException {
        Future<Bounce> parsed = parsers.submit(() -> parsing.parse(raw));
        try {
            return parsed.get(parseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            parsed.cancel(true);
            throw new ParseTimeoutException("not parsed within " + seconds(parseTimeout) + " (given up)");
        } catch (InterruptedException e) {
            parsed.cancel(true);
            Thread.currentThread().interrupt();
            throw new UnparseableMessageException("interrupted while parsing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnparseableMessageException u) {
                throw u;
            }
            throw new UnparseableMessageException("the parser failed: " + e.getCause(), e.getCause());
        }
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
                            o.softCount(), o.evidence(), o.issueNumber());
                }
                return o;
            });
            if (!dryRun && !outcome.action().startsWith("nothing (already")) {
                metrics.processed(bounce);
            }
            return outcome;
        } catch (DuplicateKeyException e) {
            // Another instance processed the same message at the same moment.
            return new Outcome(bounce, bounce.recipient(), null, "nothing (already processed)", null, null, null);
        }
    }

    private Outcome applyInTransaction(Bounce b) {
        if (b.kind() == BounceKind.NOT_A_BOUNCE) {
            return new Outcome(b, b.recipient(), null, "nothing", null, null, null);
        }
        if (b.kind() == BounceKind.UNSUBSCRIBE) {
            return unsubscribe(b);
        }
        Match match = match(b);
        String hash = EmailAddress.hashOfKey(b.messageKey());
        Instant now = SqlTime.now(clock);
        Subscriber s = match == null ? null : match.subscriber();
        String evidence = match == null ? ADDRESS_ONLY : match.evidence();
        Long issue = match == null ? null : match.issueNumber();
        if (!repository.insertProcessed(new BounceRepository.Processed(hash, now, summary(b), b.kind().label(),
                b.reason().label(), evidence, issue, s == null ? null : s.id()))) {
            return new Outcome(b, s == null ? b.recipient() : s.email(), null, "nothing (already processed)", null, evidence, issue);
        }
        if (match == null) {
            return unverified(b, hash, now);
        }
        if (s == null) {
            return new Outcome(b, b.recipient(), null, "no subscriber matched (" + evidence + " of ours, subscriber gone)",
                    null, evidence, issue);
        }
        if (issue != null) {
            feedback.record(issue, s.id(), feedbackKind(b.kind()), b.reason().label());
        }
        BounceActions.Effect effect = actions.apply(s, b.kind(), detail(b, s, match), b.describe());
        String suppressed = effect.newlySuppressed() ? "suppressed" : "already suppressed";
        SubscriberBounces.SoftBounce soft = effect.soft();
        if (soft == null) {
            return new Outcome(b, s.email(), s.id(), suppressed, null, evidence, issue);
        }
        String count = "soft count " + soft.count() + "/" + soft.limit();
        return new Outcome(b, s.email(), s.id(), soft.limitReached() ? suppressed + " (" + count + ")" : count, soft.count(),
                evidence, issue);
    }

    /** A mail to unsubscribe+TOKEN@domain: the token (a link token, or one of release 0.1) names the subscriber. */
    private Outcome unsubscribe(Bounce b) {
        String hash = EmailAddress.hashOfKey(b.messageKey());
        Optional<Subscriber> named = subscribers.findByVerpToken(b.unsubscribeToken());
        String evidence = named.isEmpty() ? null : LINK_TOKEN;
        if (!repository.insertProcessed(new BounceRepository.Processed(hash, SqlTime.now(clock), summary(b), b.kind().label(),
                b.reason().label(), evidence, null, named.map(Subscriber::id).orElse(null)))) {
            return new Outcome(b, named.map(Subscriber::email).orElse(b.recipient()), null, "nothing (already processed)", null,
                    evidence, null);
        }
        if (named.isEmpty()) {
            return new Outcome(b, b.recipient(), null, "no subscriber matched (unknown unsubscribe token)", null, null, null);
        }
        String proof = "by mail to unsubscribe+…@" + domain + " (List-Unsubscribe); message " + hash.substring(0, 16);
        var done = subscribers.unsubscribeByMail(b.unsubscribeToken(), proof).orElseThrow();
        Subscriber s = done.subscriber();
        return new Outcome(b, s.email(), s.id(), done.unsubscribed() ? "unsubscribed " + s.email() : "already unsubscribed",
                null, evidence, null);
    }

    /** Only an address: kept for an admin, when it is a subscriber's; nothing else happens. */
    private Outcome unverified(Bounce b, String hash, Instant now) {
        Optional<Subscriber> byAddress = Optional.empty();
        EmailAddress address = null;
        if (b.recipient() != null) {
            try {
                address = EmailAddress.parse(b.recipient());
                byAddress = subscribers.findByAddress(address);
            } catch (InvalidEmailException e) {
                // no address to go by
            }
        }
        if (byAddress.isEmpty()) {
            return new Outcome(b, b.recipient(), null, "no subscriber matched", null, ADDRESS_ONLY, null);
        }
        long id = repository.insertUnverified(now, hash, b.recipient(), address.hash(), b);
        return new Outcome(b, byAddress.get().email(), null,
                "not acted on: no VERP token or Message-ID of ours (unverified bounce #" + id + " for an admin)",
                null, ADDRESS_ONLY, null);
    }

    /** VERP token first: it names our copy even when the report names a forwarding address. Then a Message-ID of ours. */
    private Match match(Bounce b) {
        if (b.verpToken() != null) {
            Optional<ListMessageIds.Copy> copy = ids.fromVerpToken(b.verpToken());
            if (copy.isPresent()) {
                return new Match(subscribers.findById(copy.get().subscriberId()).orElse(null), VERP, copy.get().issueNumber());
            }
            Optional<Subscriber> old = subscribers.findByVerpToken(b.verpToken());
            if (old.isPresent()) {
                return new Match(old.get(), OLD_TOKEN, null);
            }
        }
        Optional<ListMessageIds.Copy> copy = ids.firstOfOurs(b.messageIds());
        if (copy.isPresent()) {
            return new Match(subscribers.findById(copy.get().subscriberId()).orElse(null), MESSAGE_ID,
                    copy.get().issueNumber());
        }
        return null;
    }

    private static SendFeedback.Kind feedbackKind(BounceKind kind) {
        return switch (kind) {
            case HARD -> SendFeedback.Kind.HARD;
            case COMPLAINT -> SendFeedback.Kind.COMPLAINT;
            default -> SendFeedback.Kind.SOFT;
        };
    }

    /** For processed_bounce: kind, status and reason, never the diagnostic (it may name the address). */
    private static String summary(Bounce b) {
        return b.kind().label() + (b.status() == null ? "" : " " + b.status()) + " " + b.reason().label();
    }

    /** The subscriber's history: the reason first, then how we know it is about our mail, then the report. */
    private static String detail(Bounce b, Subscriber s, Match m) {
        String d = b.reason().label() + " (" + b.kind().label() + (b.status() == null ? "" : " " + b.status()) + ", "
                + b.format() + ", by " + m.evidence() + (m.issueNumber() == null ? "" : ", issue " + m.issueNumber()) + ")";
        if (b.diagnostic() != null && !b.diagnostic().isBlank()) {
            d += ": " + b.diagnostic();
        }
        if (b.recipient() != null && !b.recipient().equalsIgnoreCase(s.email())) {
            d += "; reported for " + b.recipient();
        }
        return d;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public void destroy() {
        parsers.shutdownNow();
    }
}
