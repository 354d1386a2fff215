package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.verdictdigest.system.SqlTime;
import com.verdictdigest.mail.TransactionalMail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The admin side's entry to double opt-in (CSV import, {@code subscribers add}, "resend
 * confirmation"): the same tokens, daily limit and mail as a sign-up ({@link ConfirmationMail}),
 * for many subscribers at once over one SMTP connection.
 */
@Service
public class OptInMailer {

    /** The mail was not sent, and why (not pending, daily limit reached, unknown subscriber). */
    public static class RefusedException extends RuntimeException {
        public RefusedException(String reason) {
            super(reason);
        }
    }

    private final SubscriberRepository repository;
    private final TransactionTemplate tx;
    private final ConfirmationMail confirmations;
    private final Clock clock;

    OptInMailer(SubscriberRepository repository, PlatformTransactionManager txManager, ConfirmationMail confirmations,
                Clock clock) {
        this.repository = repository;
        this.tx = new TransactionTemplate(txManager);
        this.confirmations = confirmations;
        this.clock = clock;
    }

    /** @throws RefusedException if the subscriber is not pending or had its mails for today */
    public void sendOptIn(long subscriberId) {
        List<Long> refused = sendOptIns(List.of(subscriberId));
        if (!refused.isEmpty()) {
            Subscriber s = repository.findById(subscriberId)
                    .orElseThrow(() -> new RefusedException("no subscriber " + subscriberId));
            throw new RefusedException(s.status() != SubscriberStatus.PENDING
                    ? "the subscriber is " + s.status().dbValue() + ", not pending"
                    : "already " + confirmations.dailyLimit() + " confirmation mails in the last 24 hours");
        }
    }

    /**
     * One token and one mail per pending subscriber, all mails over one SMTP connection. The
     * tokens are committed before sending: if the mail server fails, the admin resends.
     *
     * @return the ids that got no mail (not pending, over the daily limit, or unknown)
     */
    public List<Long> sendOptIns(Collection<Long> subscriberIds) {
        Instant now = SqlTime.now(clock);
        Set<Long> sent = new HashSet<>();
        List<TransactionalMail> messages = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            for (Subscriber s : repository.findByIds(subscriberIds)) {
                if (s.status() != SubscriberStatus.PENDING || confirmations.dailyLimitReached(s.id(), now)) {
                    continue;
                }
                messages.add(confirmations.prepare(s.id(), s.address(), s.name(), now));
                sent.add(s.id());
            }
        });
        confirmations.sendAll(messages);
        return subscriberIds.stream().filter(id -> !sent.contains(id)).toList();
    }
}
