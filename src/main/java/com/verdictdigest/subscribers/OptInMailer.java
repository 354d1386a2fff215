package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.system.SqlTime;
import jakarta.mail.internet.MimeMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ConfirmationMail confirmations;
    private final Clock clock;

    OptInMailer(JdbcClient jdbc, PlatformTransactionManager txManager, ConfirmationMail confirmations, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.confirmations = confirmations;
        this.clock = clock;
    }

    /** @throws RefusedException if the subscriber is not pending or had its mails for today */
    public void sendOptIn(long subscriberId) {
        List<Long> refused = sendOptIns(List.of(subscriberId));
        if (!refused.isEmpty()) {
            Recipient r = recipients(List.of(subscriberId)).stream().findFirst()
                    .orElseThrow(() -> new RefusedException("no subscriber " + subscriberId));
            throw new RefusedException(!r.status().equals(SubscriberStatus.PENDING.dbValue())
                    ? "the subscriber is " + r.status() + ", not pending"
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
        List<MimeMessage> messages = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            for (Recipient r : recipients(subscriberIds)) {
                if (!r.status().equals(SubscriberStatus.PENDING.dbValue()) || confirmations.dailyLimitReached(r.id(), now)) {
                    continue;
                }
                messages.add(confirmations.prepare(r.id(), EmailAddress.parse(r.email()), r.name(), now));
                sent.add(r.id());
            }
        });
        confirmations.sendAll(messages);
        return subscriberIds.stream().filter(id -> !sent.contains(id)).toList();
    }

    private record Recipient(long id, String email, String name, String status) {
    }

    private List<Recipient> recipients(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id, email, name, status from subscriber where id in (:ids) order by id")
                .param("ids", ids)
                .query((rs, i) -> new Recipient(rs.getLong("id"), rs.getString("email"), rs.getString("name"), rs.getString("status")))
                .list();
    }
}
