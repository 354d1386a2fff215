package com.verdictdigest.delivery;

import java.util.List;
import java.util.Locale;

import com.verdictdigest.delivery.DeliveryRepository.CopyFeedback;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivery's API for what comes back about the copies of a send: the bounces module reports a
 * bounce or complaint it tied to one copy (by the copy's VERP token or Message-ID, never by an
 * address alone), the engine a hard bounce refused while sending. Each copy keeps its worst
 * feedback and reason (the per-issue report), the send counts hard bounces and complaints, and
 * {@link SendGuard} pauses a running send when they pass its limits.
 */
@Service
public class SendFeedback {

    /** What came back for a copy, from the least to the worst. */
    public enum Kind {
        SOFT("soft"), HARD("hard"), COMPLAINT("complaint");

        private final String db;

        Kind(String db) {
            this.db = db;
        }

        public String db() {
            return db;
        }

        static Kind fromDb(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** How many copies of an issue got this feedback with this reason. */
    public record Count(Kind kind, String reason, long count) {
    }

    private final DeliveryRepository repo;
    private final SendGuard guard;
    private final TransactionTemplate tx;

    SendFeedback(DeliveryRepository repo, SendGuard guard, PlatformTransactionManager transactions) {
        this.repo = repo;
        this.guard = guard;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Records feedback on the copy of {@code issueNumber} sent to {@code subscriberId} (joining the
     * caller's transaction), then lets the guard look at the send.
     *
     * @param reason why, in the bounce taxonomy ("user unknown", "complaint", ...)
     * @return false if this issue has no copy for that subscriber (nothing recorded)
     */
    public boolean record(long issueNumber, long subscriberId, Kind kind, String reason) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            var copy = repo.findCopy(issueNumber, subscriberId);
            if (copy.isEmpty()) {
                return false;
            }
            if (worsen(issueNumber, copy.get(), kind, reason) && kind != Kind.SOFT) {
                guard.check(issueNumber);
            }
            return true;
        }));
    }

    /** Feedback on the copies of one issue by kind and reason, most first. */
    public List<Count> report(long issueNumber) {
        return repo.feedbackCounts(issueNumber);
    }

    /**
     * A hard bounce refused by the SMTP server while the engine sent the copy (its row just
     * failed): counted as any other; the engine then lets the guard look.
     */
    void recordRefusedAtSend(long issueNumber, long ledgerId, String reason) {
        tx.executeWithoutResult(status -> worsen(issueNumber, new CopyFeedback(ledgerId, "failed", null), Kind.HARD, reason));
    }

    /** The copy's feedback only gets worse (a later soft bounce does not hide a complaint); the counters follow. */
    private boolean worsen(long issueNumber, CopyFeedback copy, Kind kind, String reason) {
        Kind previous = copy.feedback() == null ? null : Kind.fromDb(copy.feedback());
        if (previous != null && previous.ordinal() >= kind.ordinal()) {
            return false;
        }
        if (!repo.changeFeedback(copy.id(), copy.feedback(), kind.db(), reason)) {
            return false; // another report about this copy got there first
        }
        int hard = (kind == Kind.HARD ? 1 : 0) - (previous == Kind.HARD ? 1 : 0);
        int complaints = kind == Kind.COMPLAINT ? 1 : 0;
        if (hard != 0 || complaints != 0) {
            repo.addToFeedbackCounts(issueNumber, hard, complaints);
        }
        return true;
    }
}
