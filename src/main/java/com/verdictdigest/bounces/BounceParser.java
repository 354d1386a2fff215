package com.verdictdigest.bounces;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.jsoup.Jsoup;

import com.verdictdigest.mail.Verp;
/**
 * Reads one raw message from the bounce mailbox: an RFC 3464 delivery status notification
 * (parsed by Angus DSN's {@link DeliveryStatus}), an RFC 5965 ARF feedback report, a non-standard
 * bounce text (Exim, qmail and the like), or something that is not a bounce at all (auto-replies,
 * delay warnings, plain mail). Pure: no database, no network; safe to call from several threads.
 *
 * <p>The multipart structure is walked with plain {@link MimeMultipart}, not through the
 * {@code multipart/report} content handler, whose strict part-order checks reject real reports
 * (Office 365 puts a multipart/alternative first).
 */
public class BounceParser {

    static {
        // Jakarta Mail 2.1 finds its StreamProvider with a ServiceLoader scan of the class path on
        // every header block or multipart it parses without a Session (DeliveryStatus, MimeMultipart):
        // measured, 2/3 of the parse time. Naming the provider skips the scan.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern CONTROL_OR_SPACE = Pattern.compile("[\\p{Cntrl}\\s]+");
    private static final Pattern ACTION_END = Pattern.compile("[\\s;(]");
    private static final int MAX_PART_BYTES = 512 * 1024;
    private static final int MAX_DEPTH = 8;

    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern RCPT_TO = Pattern.compile("RCPT TO:\\s*<([^<>\\s]+@[^<>\\s]+)>", Pattern.CASE_INSENSITIVE);
    /** qmail: the failed address alone on a line as "{@code <user@host>:}". */
    private static final Pattern QMAIL_RECIPIENT = Pattern.compile("(?m)^<([^<>\\s]+@[^<>\\s]+)>:\\s*$");
    /** Exim: "The following address(es) failed:" then the address indented on its own line. */
    private static final Pattern EXIM_RECIPIENT = Pattern.compile(
            "address(?:\\(es\\))? failed:\\s*\\n\\s*\\n?\\s*<?([^<>\\s]+@[^<>\\s:]+)>?", Pattern.CASE_INSENSITIVE);
    /** Where a non-standard bounce starts quoting the returned message: the diagnosis is above. */
    private static final Pattern ORIGINAL_FOLLOWS = Pattern.compile(String.join("|",
            "(?m)^-+ ?Below this line is a copy of the message",
            "(?m)^-+ ?This is a copy of the message",
            "(?m)^-+ ?Original message",
            "(?im)^\\s*-*\\s*original message follows",
            "(?m)^(Return-Path|Received|Return-path):"), Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_MARKERS = Pattern.compile(String.join("|",
            "qmail-send program", "created automatically by mail delivery software",
            "wasn't able to deliver your message", "could not be delivered to one or more",
            "delivery has failed to these recipients", "permanent fatal errors",
            "message could not be delivered", "undeliverable", "delivery to the following recipient"),
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DELAY_MARKERS = Pattern.compile(String.join("|",
            "has not yet been delivered", "warning message only", "will continue to try",
            "still trying", "delivery has been delayed", "delivery is delayed", "not been delivered yet"),
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "undeliver|delivery status notification|delivery failure|delivery failed|mail delivery|returned mail"
                    + "|failure notice|non[- ]?delivery|could not be delivered|delivery problem",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTO_REPLY_SUBJECT = Pattern.compile(
            "^\\s*(auto(matic)?[ -]?(reply|response|antwort)|auto:|autoreply|out of (the )?office|abwesenheit|vacation|absence)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DAEMON = Pattern.compile("(?i)^(mailer[-_]?daemon|mail[-_]?daemon|postmaster)@");
    private static final Pattern HEADER_LINE = Pattern.compile("^[\\x21-\\x39\\x3B-\\x7E]+[ \\t]*:");
    private static final String[] ENVELOPE_HEADERS = {
            "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "X-Delivered-To", "To", "Cc"};

    private final String domain;
    private final Pattern verp;

    /** @param domain the sending domain of the VERP addresses ({@code SenderProperties.domain}) */
    public BounceParser(String domain) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.verp = Verp.pattern(domain);
    }

    public Bounce parse(byte[] raw) throws UnparseableMessageException {
        requireMailHeaders(raw);
        MimeMessage msg;
        try {
            msg = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new UnparseableMessageException("not a mail message: " + e.getMessage(), e);
        }
        try {
            return read(msg, raw);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new UnparseableMessageException("unreadable MIME structure: " + e.getMessage(), e);
        }
    }

    private static void requireMailHeaders(byte[] raw) throws UnparseableMessageException {
        if (raw.length == 0) {
            throw new UnparseableMessageException("empty message");
        }
        for (int i = 0; i < Math.min(raw.length, 8192); i++) {
            if (raw[i] == 0) {
                throw new UnparseableMessageException("binary data, not a mail message (NUL byte at offset " + i + ")");
            }
        }
        int end = 0;
        while (end < raw.length && end < 1000 && raw[end] != '\n' && raw[end] != '\r') {
            end++;
        }
        String first = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        if (!HEADER_LINE.matcher(first).find()) {
            throw new UnparseableMessageException("does not start with a mail header (first line: \""
                    + abbreviate(first, 60) + "\")");
        }
    }

    private Bounce read(MimeMessage msg, byte[] raw) throws MessagingException, IOException {
        String key = messageKey(msg, raw);
        List<Part> leaves = new ArrayList<>();
        collectLeaves(msg, leaves, 0);
        String token = findToken(msg, leaves).orElse(null);

        Part arf = first(leaves, "message/feedback-report");
        if (arf != null) {
            return feedbackReport(arf, first(leaves, "message/rfc822", "text/rfc822-headers"), token, key);
        }
        Part dsn = first(leaves, "message/delivery-status", "message/global-delivery-status");
        if (dsn != null) {
            Bounce b = deliveryStatus(dsn, token, key);
            if (b != null) {
                return b;
            }
        }
        String text = bodyText(leaves);
        String zone = diagnosticZone(text);
        boolean strong = DAEMON.matcher(sender(msg)).find() || msg.getHeader("X-Failed-Recipients") != null
                || BOUNCE_MARKERS.matcher(zone).find();
        if (strong) {
            return textBounce(msg, zone, token, key, true);
        }
        if (isAutoReply(msg)) {
            return new Bounce(BounceKind.NOT_A_BOUNCE, token, null, null, "auto-reply", "auto-reply", key);
        }
        if (BOUNCE_SUBJECT.matcher(Optional.ofNullable(msg.getSubject()).orElse("")).find()) {
            return textBounce(msg, zone, token, key, false);
        }
        return new Bounce(BounceKind.NOT_A_BOUNCE, token, null, null, "no delivery report in it", "plain", key);
    }

    // --- RFC 5965 ARF -------------------------------------------------------------------------

    private Bounce feedbackReport(Part report, Part original, String token, String key) throws MessagingException, IOException {
        InternetHeaders h = new InternetHeaders(new ByteArrayInputStream(decoded(report)));
        String type = Optional.ofNullable(h.getHeader("Feedback-Type", null)).orElse("").strip().toLowerCase(Locale.ROOT);
        String recipient = address(h.getHeader("Original-Rcpt-To", null));
        if (recipient == null && original != null) {
            InternetHeaders orig = new InternetHeaders(new ByteArrayInputStream(decoded(original)));
            recipient = address(orig.getHeader("To", null));
        }
        String agent = Optional.ofNullable(h.getHeader("User-Agent", null)).map(String::strip).orElse("unknown reporter");
        if (type.equals("abuse")) {
            return new Bounce(BounceKind.COMPLAINT, token, recipient, null,
                    "feedback-type abuse from " + abbreviate(agent, 80), "arf", key);
        }
        return new Bounce(BounceKind.NOT_A_BOUNCE, token, recipient, null,
                "feedback report of type '" + abbreviate(type, 30) + "'", "arf", key);
    }

    // --- RFC 3464 DSN -------------------------------------------------------------------------

    private Bounce deliveryStatus(Part part, String token, String key) throws MessagingException, IOException {
        DeliveryStatus ds = new DeliveryStatus(new ByteArrayInputStream(decoded(part)));
        List<InternetHeaders> blocks = new ArrayList<>();
        for (int i = 0; i < ds.getRecipientDSNCount(); i++) {
            InternetHeaders h = ds.getRecipientDSN(i);
            if (h.getHeader("Final-Recipient") != null || h.getHeader("Status") != null || h.getHeader("Action") != null) {
                blocks.add(h);
            }
        }
        // Some MTAs forget the blank line between the message and the recipient fields.
        InternetHeaders msgFields = ds.getMessageDSN();
        if (blocks.isEmpty() && msgFields != null && msgFields.getHeader("Final-Recipient") != null) {
            blocks.add(msgFields);
        }
        if (blocks.isEmpty()) {
            return null;
        }
        InternetHeaders chosen = blocks.stream().filter(h -> action(h).equals("failed")).findFirst()
                .orElse(blocks.get(0));
        String action = action(chosen);
        String diagnostic = typedValue(chosen.getHeader("Diagnostic-Code", null));
        String status = BounceClassifier.bestStatus(chosen.getHeader("Status", null), diagnostic);
        String recipient = Optional.ofNullable(address(typedValue(chosen.getHeader("Original-Recipient", null))))
                .orElse(address(typedValue(chosen.getHeader("Final-Recipient", null))));
        if (!action.equals("failed")) {
            String why = action.equals("delayed") ? "delay warning: the mail system is still trying"
                    : "delivery report with action '" + abbreviate(action, 20) + "'";
            return new Bounce(BounceKind.NOT_A_BOUNCE, token, recipient, status, why, "dsn", key);
        }
        BounceClassifier.Verdict v = BounceClassifier.classify(status, diagnostic);
        String reason = diagnostic == null ? v.why() : v.why() + " (" + abbreviate(diagnostic, 300) + ")";
        return new Bounce(v.kind(), token, recipient, status, reason, "dsn", key);
    }

    /** Action, lower case; inferred from the status when missing (some MTAs leave it out). */
    private static String action(InternetHeaders h) {
        String a = h.getHeader("Action", null);
        if (a != null && !a.isBlank()) {
            return ACTION_END.split(a.strip().toLowerCase(Locale.ROOT))[0];
        }
        String s = h.getHeader("Status", null);
        return s != null && (s.strip().startsWith("5") || s.strip().startsWith("4")) ? "failed" : "unknown";
    }

    // --- non-standard bounce texts ------------------------------------------------------------

    private Bounce textBounce(MimeMessage msg, String zone, String token, String key, boolean strong) throws MessagingException {
        if (DELAY_MARKERS.matcher(zone).find()) {
            return new Bounce(BounceKind.NOT_A_BOUNCE, token, failedAddress(msg, zone), null,
                    "delay warning: the mail system is still trying", "text", key);
        }
        String status = BounceClassifier.bestStatus(null, zone);
        String recipient = failedAddress(msg, zone);
        if (!strong && status == null && recipient == null) {
            return new Bounce(BounceKind.NOT_A_BOUNCE, token, null, null, "no delivery report in it", "plain", key);
        }
        BounceClassifier.Verdict v = BounceClassifier.classify(status, zone);
        String line = codeLine(zone);
        return new Bounce(v.kind(), token, recipient, status, line == null ? v.why() : v.why() + " (" + line + ")", "text", key);
    }

    private String failedAddress(MimeMessage msg, String zone) throws MessagingException {
        String[] failed = msg.getHeader("X-Failed-Recipients");
        if (failed != null) {
            String a = address(failed[0].split(",")[0]);
            if (a != null) {
                return a;
            }
        }
        for (Pattern p : List.of(RCPT_TO, QMAIL_RECIPIENT, EXIM_RECIPIENT)) {
            Matcher m = p.matcher(zone);
            while (m.find()) {
                if (!ours(m.group(1))) {
                    return m.group(1);
                }
            }
        }
        String from = address(Optional.ofNullable(msg.getHeader("From", null)).orElse(""));
        Matcher m = ADDRESS.matcher(zone);
        while (m.find()) {
            String a = m.group();
            if (!ours(a) && !DAEMON.matcher(a).find() && !a.equalsIgnoreCase(from)) {
                return a;
            }
        }
        return null;
    }

    /** Addresses on our own domain (VERP, From) are never the failed recipient. */
    private boolean ours(String address) {
        String d = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return d.equals(domain) || d.endsWith("." + domain);
    }

    private static String codeLine(String zone) {
        Matcher m = BounceClassifier.ENHANCED.matcher(zone);
        if (!m.find()) {
            m = BounceClassifier.BASIC.matcher(zone);
            if (!m.find()) {
                return null;
            }
        }
        int start = zone.lastIndexOf('\n', m.start()) + 1;
        int end = zone.indexOf('\n', m.end());
        return abbreviate(zone.substring(start, end < 0 ? zone.length() : end).strip(), 300);
    }

    private static String diagnosticZone(String text) {
        Matcher m = ORIGINAL_FOLLOWS.matcher(text);
        return m.find() ? text.substring(0, m.start()) : text;
    }

    // --- recipients and tokens ----------------------------------------------------------------

    private Optional<String> findToken(MimeMessage msg, List<Part> leaves) throws MessagingException, IOException {
        for (String name : ENVELOPE_HEADERS) {
            String[] values = msg.getHeader(name);
            if (values != null) {
                for (String v : values) {
                    Optional<String> t = Verp.tokenIn(v, verp);
                    if (t.isPresent()) {
                        return t;
                    }
                }
            }
        }
        // Then anywhere: the returned message's Return-Path, X-Postfix-Sender, ARF Original-Mail-From.
        for (Part p : leaves) {
            Optional<String> t = Verp.tokenIn(new String(decoded(p), StandardCharsets.ISO_8859_1), verp);
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    /** "rfc822; a@b" → "a@b" (the address type is dropped). */
    private static String typedValue(String v) {
        if (v == null) {
            return null;
        }
        String s = WHITESPACE.matcher(v).replaceAll(" ").strip();
        int semi = s.indexOf(';');
        return semi >= 0 && semi < 20 ? s.substring(semi + 1).strip() : s;
    }

    /** The first mail address in a header-ish value: "Name <a@b>", "<a@b>", "a@b". */
    private static String address(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = ADDRESS.matcher(value);
        return m.find() ? m.group() : null;
    }

    private static String sender(MimeMessage msg) throws MessagingException {
        String from = msg.getHeader("From", null);
        String a = address(from);
        return a == null ? "" : a;
    }

    private static boolean isAutoReply(MimeMessage msg) throws MessagingException {
        String auto = msg.getHeader("Auto-Submitted", null);
        if (auto != null && !auto.strip().equalsIgnoreCase("no")) {
            return true;
        }
        if (msg.getHeader("X-Autoreply") != null || msg.getHeader("X-Autorespond") != null) {
            return true;
        }
        String precedence = msg.getHeader("Precedence", null);
        if (precedence != null && precedence.strip().equalsIgnoreCase("auto_reply")) {
            return true;
        }
        String subject = msg.getSubject();
        return subject != null && AUTO_REPLY_SUBJECT.matcher(subject).find();
    }

    // --- MIME plumbing ------------------------------------------------------------------------

    private static void collectLeaves(Part part, List<Part> out, int depth) throws MessagingException {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            MimeMultipart mp = new MimeMultipart(part.getDataHandler().getDataSource());
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                collectLeaves(child, out, depth + 1);
            }
        } else {
            out.add(part);
        }
    }

    private static Part first(List<Part> leaves, String... types) throws MessagingException {
        for (Part p : leaves) {
            for (String t : types) {
                if (p.isMimeType(t)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String bodyText(List<Part> leaves) throws MessagingException, IOException {
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (Part p : leaves) {
            if (p.isMimeType("text/plain") || p.isMimeType("message/rfc822") || p.isMimeType("text/rfc822-headers")) {
                plain.append(text(p)).append('\n');
            } else if (p.isMimeType("text/html")) {
                html.append(Jsoup.parse(text(p)).wholeText()).append('\n');
            }
        }
        return (plain.isEmpty() ? html : plain).toString().replace("\r\n", "\n");
    }

    private static String text(Part p) throws MessagingException, IOException {
        Charset cs = StandardCharsets.UTF_8;
        try {
            String name = new ContentType(p.getContentType()).getParameter("charset");
            if (name != null) {
                cs = Charset.forName(MimeUtility.javaCharset(name));
            }
        } catch (RuntimeException | MessagingException e) {
            // unknown or malformed charset: UTF-8 reads the ASCII that matters here
        }
        return new String(decoded(p), cs);
    }

    /** The part's content, transfer-decoded when possible, at most {@value #MAX_PART_BYTES} bytes. */
    private static byte[] decoded(Part p) throws MessagingException, IOException {
        InputStream in;
        try {
            in = p.getInputStream();
        } catch (MessagingException | IOException e) {
            in = p instanceof MimePart mp ? rawStream(mp) : null;
            if (in == null) {
                throw e;
            }
        }
        try (InputStream s = in) {
            return s.readNBytes(MAX_PART_BYTES);
        }
    }

    private static InputStream rawStream(MimePart p) throws MessagingException {
        if (p instanceof jakarta.mail.internet.MimeBodyPart b) {
            return b.getRawInputStream();
        }
        if (p instanceof MimeMessage m) {
            return m.getRawInputStream();
        }
        return null;
    }

    private static String messageKey(MimeMessage msg, byte[] raw) throws MessagingException {
        String id = msg.getHeader("Message-ID", null);
        if (id != null && !id.isBlank() && id.length() <= 500) {
            return "mid:" + id.strip();
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String s, int max) {
        String flat = CONTROL_OR_SPACE.matcher(s).replaceAll(" ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
