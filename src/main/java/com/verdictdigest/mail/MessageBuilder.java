package com.verdictdigest.mail;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Builds each recipient's message as final bytes: headers for bulk senders (List-Id, RFC 8058
 * one-click List-Unsubscribe, Feedback-ID, a stable Message-ID, VERP envelope sender) over a
 * multipart/alternative body, text first, then HTML, both UTF-8 quoted-printable. What every
 * recipient of an issue shares (sender lines, List-Id, Feedback-ID, boundary, the body lines of
 * the shared render) is encoded once per issue; the rest is encoded straight into bytes without
 * Jakarta Mail's encoder streams.
 */
@Component
public class MessageBuilder {

    private static final DateTimeFormatter RFC5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final SenderProperties sender;
    private final SiteProperties site;
    private final Clock clock;
    private final Map<Long, IssueHeaders> perIssue = new ConcurrentHashMap<>();
    private final Map<String, String> encodedSubjects = new ConcurrentHashMap<>();
    private final QuotedPrintable.Pieces pieces = new QuotedPrintable.Pieces();
    /** The size of the last message built: the next one's buffer starts that big (a hint, races are harmless). */
    private volatile int sizeHint = 32_768;
    /** Whether messages get signed: then the DKIM body hash is computed while each body is assembled. */
    private final boolean hashBodies;
    private final ListMessageIds ids;
    /** Whether List-Unsubscribe offers the mailto: fixed by the configuration, so asked once. */
    private final boolean offerMailto;

    /**
     * @param dkim   null, or the signing whose body hash is computed while a body is assembled
     * @param mailto whether List-Unsubscribe offers {@code mailto:unsubscribe+TOKEN@domain} (only
     *               when a mailbox that receives it is polled); asked once, here
     */
    public MessageBuilder(SenderProperties sender, SiteProperties site, Clock clock, DkimSigning dkim, ListMessageIds ids,
                          UnsubscribeByMail mailto) {
        this.sender = sender;
        this.site = site;
        this.clock = clock;
        this.hashBodies = dkim != null && dkim.enabled();
        this.ids = ids;
        this.offerMailto = mailto.isRead();
    }

    /** Without a bean that answers {@link UnsubscribeByMail} (a context without bounces), no mailto is offered. */
    @Autowired
    public MessageBuilder(SenderProperties sender, SiteProperties site, Clock clock, DkimSigning dkim, ListMessageIds ids,
                          ObjectProvider<UnsubscribeByMail> mailto) {
        this(sender, site, clock, dkim, ids, mailto.getIfAvailable(() -> () -> false));
    }

    /** The headers and boundary every recipient of one issue shares, encoded once. */
    private record IssueHeaders(String shared, String boundary, String multipartHeader, String textOnlyHeaders) {
    }

    /**
     * @throws InvalidHeaderException if a value from the data cannot go into a header (CR/LF,
     *                                control characters, an address that does not parse)
     */
    public PreparedMessage build(Session session, long issueNumber, ListRecipient r, PersonalMail mail) {
        String mac = ids.mac(issueNumber, r.id());
        return build(session, issueNumber, r, mail, ids.messageId(issueNumber, r.id(), mac),
                ids.verpToken(issueNumber, r.id(), mac));
    }

    /**
     * The same with a Message-ID of the caller's (an editor's test copy gets a new one each time);
     * the recipient's token is the VERP token too.
     */
    public PreparedMessage build(Session session, long issueNumber, ListRecipient r, PersonalMail mail, String messageId) {
        return build(session, issueNumber, r, mail, messageId, r.token());
    }

    private PreparedMessage build(Session session, long issueNumber, ListRecipient r, PersonalMail mail, String messageId,
                                  String verpToken) {
        IssueHeaders issue = perIssue.computeIfAbsent(issueNumber, this::issueHeaders);
        String token = HeaderText.token("List-Unsubscribe", r.token());
        String to = asciiAddress(r.address());
        HeaderText.check("Message-ID", messageId);

        StringBuilder h = new StringBuilder(512);
        h.append("Date: ").append(RFC5322_DATE.format(clock.instant())).append("\r\n");
        h.append("To: ").append(toHeader(to, r.name())).append("\r\n");
        h.append("Subject: ").append(encodedSubject(mail.subject())).append("\r\n");
        h.append("Message-ID: ").append(messageId).append("\r\n");
        h.append("List-Unsubscribe: <").append(site.publicUrl()).append("/unsubscribe/").append(token).append('>');
        if (offerMailto) {
            h.append(",\r\n <mailto:unsubscribe+").append(token).append('@').append(sender.domain()).append('>');
        }
        h.append("\r\n");

        boolean textOnly = mail.html() == null || r.textOnly();
        h.append(textOnly ? issue.textOnlyHeaders() : issue.multipartHeader());
        String headers = issue.shared() + h;
        // Every value in the headers passed HeaderText; the encoders emit ASCII only.
        ByteBuf raw = new ByteBuf(sizeHint + 1024);
        raw.ascii(headers).ascii("\r\n");
        int bodyStart = raw.size;
        RelaxedBody hash = hashBodies ? RelaxedBody.sha256() : null;
        if (textOnly) {
            QuotedPrintable.encode(mail.text(), pieces, raw, hash);
            if (raw.size < 2 || raw.bytes[raw.size - 1] != '\n') {
                ascii(raw, "\r\n", hash); // the end of DATA must start a line of its own
            }
        } else {
            part(raw, issue.boundary(), "text/plain", mail.text(), hash);
            part(raw, issue.boundary(), "text/html", mail.html(), hash);
            ascii(raw, "--" + issue.boundary() + "--\r\n", hash);
        }
        sizeHint = raw.size;
        return new PreparedMessage(session, headers, raw.toByteArray(), bodyStart,
                Verp.returnPath(HeaderText.token("VERP", verpToken), sender.domain()), to, messageId,
                hash == null ? null : hash.finish());
    }

    /**
     * A transactional mail (the sign-up flow's): From, Reply-To, To, Subject, Date, a Message-ID
     * on the sender domain, {@code Auto-Submitted: auto-generated}, and multipart/alternative,
     * text then HTML, UTF-8 quoted-printable: the digest's encoder and header checks, without
     * List-* or Feedback-ID headers (there is no list to leave yet). The envelope sender is the
     * From address.
     *
     * @throws InvalidHeaderException if a value cannot go into a header (CR/LF, control characters)
     */
    public PreparedMessage buildTransactional(Session session, TransactionalMail mail) {
        String domain = HeaderText.check("sender domain", sender.domain());
        HeaderText.check("from address", sender.fromAddress());
        HeaderText.check("from name", sender.fromName());
        HeaderText.check("reply-to", sender.replyTo());
        HeaderText.check("subject", mail.subject());
        String to = HeaderText.check("recipient", mail.to().smtpAddress());
        String messageId = "<" + java.util.UUID.randomUUID() + "@" + domain + ">";
        String boundary = "=_vd_" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());

        StringBuilder h = new StringBuilder(512);
        h.append("From: ").append(mailbox("From", sender.fromAddress(), sender.fromName(), 6)).append("\r\n");
        h.append("Reply-To: ").append(mailbox("Reply-To", sender.replyTo(), null, 10)).append("\r\n");
        h.append("To: ").append(to).append("\r\n");
        h.append("Subject: ").append(encodedSubject(mail.subject())).append("\r\n");
        h.append("Date: ").append(RFC5322_DATE.format(clock.instant())).append("\r\n");
        h.append("Message-ID: ").append(messageId).append("\r\n");
        h.append("MIME-Version: 1.0\r\n");
        h.append("Auto-Submitted: auto-generated\r\n");
        h.append("Content-Type: multipart/alternative; boundary=\"").append(boundary).append("\"\r\n");
        String headers = h.toString();
        ByteBuf raw = new ByteBuf(headers.length() + 2 * (mail.text().length() + mail.html().length()) + 512);
        raw.ascii(headers).ascii("\r\n");
        int bodyStart = raw.size;
        RelaxedBody hash = hashBodies ? RelaxedBody.sha256() : null;
        part(raw, boundary, "text/plain", SplicedText.of(mail.text()), hash);
        part(raw, boundary, "text/html", SplicedText.of(mail.html()), hash);
        ascii(raw, "--" + boundary + "--\r\n", hash);
        return new PreparedMessage(session, headers, raw.toByteArray(), bodyStart, asciiAddress(sender.fromAddress()), to,
                messageId, hash == null ? null : hash.finish());
    }

    /** The issues whose headers are kept. */
    java.util.Set<Long> cachedIssues() {
        return java.util.Set.copyOf(perIssue.keySet());
    }

    /** Drops what was kept for an issue (the warm-up's sample). */
    void forget(long issueNumber) {
        perIssue.remove(issueNumber);
    }

    private void part(ByteBuf out, String boundary, String type, SplicedText content, RelaxedBody hash) {
        ascii(out, "--" + boundary + "\r\nContent-Type: " + type
                + "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", hash);
        QuotedPrintable.encode(content, pieces, out, hash);
        ascii(out, "\r\n", hash);
    }

    /** Appends body text of the builder's own (boundaries, part headers), hashing it if asked. */
    private static void ascii(ByteBuf out, String text, RelaxedBody hash) {
        int from = out.size;
        out.ascii(text);
        if (hash != null) {
            hash.update(out.bytes, from, out.size - from);
        }
    }

    private IssueHeaders issueHeaders(long issueNumber) {
        String domain = HeaderText.check("verdict.sender.domain", sender.domain());
        HeaderText.check("verdict.site.public-url", site.publicUrl());
        String slug = slug(site.name());
        StringBuilder h = new StringBuilder(512);
        h.append("From: ").append(mailbox("From", sender.fromAddress(), sender.fromName(), 6)).append("\r\n");
        h.append("Reply-To: ").append(mailbox("Reply-To", sender.replyTo(), null, 10)).append("\r\n");
        h.append("MIME-Version: 1.0\r\n");
        h.append("List-Id: ").append(phrase(HeaderText.check("List-Id", site.name())))
                .append(" <").append(slug).append('.').append(domain).append(">\r\n");
        h.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
        // Gmail's Feedback Loop: campaign:customer:mail type:sender id.
        h.append("Feedback-ID: issue-").append(issueNumber).append(':').append(slug).append(":digest:").append(domain).append("\r\n");
        HeaderText.check("headers", h.toString().replace("\r\n", ""));
        String boundary = "=_vd_" + issueNumber + "_" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        String multipart = "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
        String textOnly = "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n";
        return new IssueHeaders(h.toString(), boundary, multipart, textOnly);
    }

    private String encodedSubject(String subject) {
        HeaderText.check("Subject", subject);
        if (encodedSubjects.size() > 1000) {
            encodedSubjects.clear();
        }
        return encodedSubjects.computeIfAbsent(subject, s -> {
            try {
                return MimeUtility.fold(9, MimeUtility.encodeText(s, "UTF-8", "Q"));
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String toHeader(String address, String name) {
        if (name == null || name.isBlank()) {
            return address;
        }
        return mailbox("To", address, name, 4);
    }

    private static String mailbox(String header, String address, String name, int used) {
        HeaderText.check(header, address);
        try {
            InternetAddress a = name == null ? new InternetAddress(address, true)
                    : new InternetAddress(address, HeaderText.check(header, name), "UTF-8");
            a.validate();
            return InternetAddress.toString(new Address[] {a}, used);
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new InvalidHeaderException(header + ": '" + address + "' is not a mail address: " + e.getMessage());
        }
    }

    /** An ASCII address with nothing in it that a header or an SMTP command would have to quote. */
    private static final java.util.regex.Pattern PLAIN_ADDRESS =
            java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    /** The address with its domain in ASCII (IDNA): no SMTPUTF8 needed anywhere. */
    private static String asciiAddress(String email) {
        HeaderText.check("To", email);
        if (PLAIN_ADDRESS.matcher(email).matches()) {
            return email; // the common case, without the full parse (it was parsed when stored)
        }
        try {
            return EmailAddress.parse(email).smtpAddress();
        } catch (InvalidEmailException e) {
            throw new InvalidHeaderException("To: " + e.getMessage());
        }
    }

    private static String phrase(String text) {
        boolean plain = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
        if (plain) {
            return "\"" + text + "\"";
        }
        try {
            return MimeUtility.encodeWord(text, "UTF-8", "Q");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "list" : s;
    }
}
