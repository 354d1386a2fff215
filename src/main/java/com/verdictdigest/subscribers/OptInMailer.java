package com.verdictdigest.subscribers;

import static com.verdictdigest.system.SqlTime.ts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import com.verdictdigest.system.SqlTime;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * Sends the double opt-in mail for subscribers the admin side creates (CSV import, {@code
 * subscribers add}, "resend confirmation"): a fresh single-use token (32 SecureRandom bytes,
 * base64url in the link, only its hex SHA-256 stored, valid {@code confirmationTtl}) and a
 * text + HTML mail with the link and the postal address. The link leads to the sign-up side's
 * {@code /confirm/{token}} page. At most {@code maxConfirmationsPerDay} mails per address.
 */
@Service
public class OptInMailer {

    /** The mail was not sent, and why (not pending, daily limit reached, unknown subscriber). */
    public static class RefusedException extends RuntimeException {
        public RefusedException(String reason) {
            super(reason);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JavaMailSender mail;
    private final SiteProperties site;
    private final SenderProperties sender;
    private final SubscriberAdminProperties properties;
    private final Clock clock;

    public OptInMailer(JdbcClient jdbc, PlatformTransactionManager txManager, JavaMailSender mail, SiteProperties site,
                       SenderProperties sender, SubscriberAdminProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.mail = mail;
        this.site = site;
        this.sender = sender;
        this.properties = properties;
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
                    : "already " + properties.maxConfirmationsPerDay() + " confirmation mails in the last 24 hours");
        }
    }

    /**
     * One token and one mail per pending subscriber, all mails over one SMTP connection.
     *
     * @return the ids that got no mail (not pending, over the daily limit, or unknown)
     */
    public List<Long> sendOptIns(Collection<Long> subscriberIds) {
        Instant now = SqlTime.now(clock);
        List<Recipient> eligible = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            for (Recipient r : recipients(subscriberIds)) {
                if (!r.status().equals(SubscriberStatus.PENDING.dbValue())
                        || mailsSince(r.id(), now.minus(Duration.ofHours(24))) >= properties.maxConfirmationsPerDay()) {
                    continue;
                }
                String token = newToken();
                jdbc.sql("""
                        insert into confirmation_token (token_hash, subscriber_id, created_at, expires_at)
                        values (:hash, :id, :now, :expires)""")
                        .param("hash", sha256Hex(token)).param("id", r.id()).param("now", ts(now))
                        .param("expires", ts(now.plus(properties.confirmationTtl()))).update();
                eligible.add(r);
                tokens.add(token);
            }
        });
        List<MimeMessage> messages = new ArrayList<>();
        for (int i = 0; i < eligible.size(); i++) {
            messages.add(message(eligible.get(i), tokens.get(i)));
        }
        if (!messages.isEmpty()) {
            mail.send(messages.toArray(MimeMessage[]::new));
        }
        List<Long> sent = eligible.stream().map(Recipient::id).toList();
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

    private long mailsSince(long subscriberId, Instant since) {
        return jdbc.sql("select count(*) from confirmation_token where subscriber_id = :id and created_at > :since")
                .param("id", subscriberId).param("since", ts(since)).query(Long.class).single();
    }

    private MimeMessage message(Recipient r, String token) {
        String link = site.publicUrl() + "/confirm/" + token;
        String hello = r.name() == null || r.name().isBlank() ? "Hello," : "Hello " + r.name().strip() + ",";
        String text = hello + "\n\n"
                + "please confirm your subscription to " + site.name() + ", the weekly digest of AI-tool verdicts:\n\n"
                + link + "\n\n"
                + "The link is valid for " + properties.confirmationTtl().toHours() + " hours. "
                + "If you did not ask for this, ignore this mail: without confirmation you get nothing from us.\n\n"
                + "-- \n" + site.name() + " · " + site.postalAddress() + "\n";
        String html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">"
                + "<p>" + esc(hello) + "</p>"
                + "<p>please confirm your subscription to " + esc(site.name()) + ", the weekly digest of AI-tool verdicts:</p>"
                + "<p><a href=\"" + esc(link) + "\">Confirm your subscription</a></p>"
                + "<p>The link is valid for " + properties.confirmationTtl().toHours() + " hours. "
                + "If you did not ask for this, ignore this mail: without confirmation you get nothing from us.</p>"
                + "<hr><p style=\"color:#666;font-size:12px\">" + esc(site.name()) + " · " + esc(site.postalAddress()) + "</p>"
                + "</body></html>";
        try {
            MimeMessage m = mail.createMimeMessage();
            MimeMessageHelper h = new MimeMessageHelper(m, true, StandardCharsets.UTF_8.name());
            h.setFrom(new InternetAddress(sender.fromAddress(), sender.fromName(), StandardCharsets.UTF_8.name()));
            h.setReplyTo(sender.replyTo());
            // Parsed again (no CR/LF can reach the header); IDN domains go out in their ASCII form.
            EmailAddress to = EmailAddress.parse(r.email());
            h.setTo(to.address().substring(0, to.address().lastIndexOf('@')) + to.key().substring(to.key().lastIndexOf('@')));
            h.setSubject("Confirm your subscription to " + site.name());
            h.setText(text, html);
            h.setSentDate(java.util.Date.from(clock.instant()));
            return m;
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("could not build the opt-in mail", e);
        }
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s, StandardCharsets.UTF_8.name());
    }

    /** 32 SecureRandom bytes, base64url without padding. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
