package com.verdictdigest.bounces;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import org.jsoup.Jsoup;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.verdictdigest.bounces.TextScan.ParseInterruptedException;
import com.verdictdigest.mail.ListMessageIds;
import com.verdictdigest.mail.Verp;

/**
 * Reads one raw message from the bounce mailbox into a {@link Bounce}: an RFC 3464 delivery status
 * notification, a feedback report (RFC 5965 ARF, also malformed or wrapped; Microsoft JMRP; an
 * Amazon SES notification in JSON), a non-standard bounce text (Exim, qmail, OpenSMTPD, Domino,
 * Exchange...), a mail to the List-Unsubscribe mailto address, or something that is not a bounce
 * (auto-replies, delay warnings, plain mail). Pure: no database, no network; safe to call from
 * several threads.
 *
 * <p>Bounded: at most the first {@value #MAX_INPUT_BYTES} bytes of a message are parsed, at most
 * {@value #MAX_PART_BYTES} bytes of each MIME part, at most {@value #MAX_PARTS} parts; text is
 * scanned line by line by {@link TextScan} and every pattern here is linear-time. An interrupted
 * thread stops parsing and gets an {@link UnparseableMessageException}.
 */
public class BounceParser {

    static {
        // Jakarta Mail 2.1 finds its StreamProvider with a ServiceLoader scan of the class path on
        // every header block or multipart it parses without a Session (MimeMultipart): measured,
        // 2/3 of the parse time. Naming the provider skips the scan.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    static final int MAX_INPUT_BYTES = 1024 * 1024;
    static final int MAX_PART_BYTES = 64 * 1024;
    static final int MAX_PARTS = 64;
    private static final int MAX_DEPTH = 8;

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CONTROL_OR_SPACE = Pattern.compile("[\\p{Cntrl}\\s]+");
    private static final Pattern HEADER_LINE = Pattern.compile("^[\\x21-\\x39\\x3B-\\x7E]{1,200}[ \\t]*:");
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z][A-Za-z0-9-]{0,60})[ \\t]*:[ \\t]*(.*)$");
    private static final Pattern BOUNCE_MARKERS = Pattern.compile(String.join("|",
            "qmail-send program", "created automatically by mail delivery software", "wasn't able to deliver your message",
            "could not be delivered to one or more", "delivery has failed to these recipients", "permanent fatal errors",
            "message could not be delivered", "undeliverable", "delivery to the following recipient",
            "unable to deliver", "could not be delivered", "delivery failed", "delivery failure", "failed to deliver",
            "not be delivered", "returned to sender", "mailer-daemon", "mail delivery subsystem",
            "following address\\(es\\) failed", "following recipients? (failed|could not)", "error has occurred while attempting to deliver",
            "your message did not reach", "permanent error", "was not delivered", "has not been delivered",
            "the following addresses had permanent", "non-delivery", "delivery status notification",
            "cannot be delivered", "couldn't be delivered", "message you sent", "error delivering your mail",
            "trouble delivering your message", "error sending your mail", "^error message below:"),
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    private static final Pattern DELAY_MARKERS = Pattern.compile(String.join("|",
            "has not yet been delivered", "warning message only", "will continue to try", "still trying",
            "delivery has been delayed", "delivery is delayed", "not been delivered yet", "delivery delayed",
            "no action is required on your part", "will retry", "will keep trying", "temporarily deferred"),
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "undeliver|delivery status notification|delivery failure|delivery failed|mail delivery|returned mail"
                    + "|failure notice|non[- ]?delivery|could not be delivered|delivery problem|failed delivery|mail failure"
                    + "|delivery notification|mail system error|rejected|returned|error sending your mail|\\[bounce\\]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTO_REPLY_SUBJECT = Pattern.compile(
            "^\\s{0,10}(auto(matic)?[ -]?(reply|response|antwort|réponse|respuesta)|auto:|autoreply|out of (the )?office"
                    + "|abwesenheit|vacation|absence|away from)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DAEMON = Pattern.compile(
            "(?i)^(mailer[-_]?daemon|mail[-_]?daemon|postmaster|mail[-_]?delivery|bounces?|mdaemon|mailerdaemon|nobody|"
                    + "mail[-_]?administrator|mailadmin|smtp[-_]?gateway|notes|ses|no[-_]?reply)@");
    private static final Pattern UNSUBSCRIBE_CHARS = Pattern.compile("[A-Za-z0-9_-]{1,64}");
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
        raw = withoutMboxSeparator(raw);
        requireMailHeaders(raw);
        byte[] bounded = raw.length > MAX_INPUT_BYTES ? Arrays.copyOf(raw, MAX_INPUT_BYTES) : raw;
        MimeMessage msg;
        try {
            msg = new MimeMessage(SESSION, new ByteArrayInputStream(bounded));
        } catch (MessagingException e) {
            throw new UnparseableMessageException("not a mail message: " + e.getMessage(), e);
        }
        try {
            return read(msg, raw, 0);
        } catch (ParseInterruptedException e) {
            throw new UnparseableMessageException("parsing interrupted (time limit)", e);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new UnparseableMessageException("unreadable MIME structure: " + e.getMessage(), e);
        }
    }

    /** A single message saved from a mailbox may keep its mbox "From " line; it is not a header. */
    private static byte[] withoutMboxSeparator(byte[] raw) {
        if (raw.length > 5 && raw[0] == 'F' && raw[1] == 'r' && raw[2] == 'o' && raw[3] == 'm' && raw[4] == ' ') {
            int i = 5;
            while (i < raw.length && i < 1000 && raw[i] != '\n') {
                i++;
            }
            if (i < raw.length && raw[i] == '\n') {
                return Arrays.copyOfRange(raw, i + 1, raw.length);
            }
        }
        return raw;
    }

    private static void requireMailHeaders(byte[] raw) throws UnparseableMessageException {
        if (raw.length == 0) {
            throw new UnparseableMessageException("empty message");
        }
        // Binary files have NUL bytes early and often; a real bounce may carry a stray one further down.
        int nuls = 0;
        for (int i = 0; i < Math.min(raw.length, 8192); i++) {
            if (raw[i] == 0 && (i < 512 || ++nuls > 16)) {
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

    /** What one parse gathers before deciding. */
    private record Message(MimeMessage msg, List<Part> leaves, String token, String key, List<String> messageIds) {
        Bounce bounce(BounceKind kind, BounceReason reason, String recipient, String status, String diagnostic,
                      String format, String feedbackType) {
            return new Bounce(kind, reason, token, recipient, status, diagnostic == null ? null : abbreviate(diagnostic, 300),
                    format, feedbackType, null, key, messageIds);
        }
    }

    private Bounce read(MimeMessage mime, byte[] raw, int depth) throws MessagingException, IOException {
        List<Part> leaves = new ArrayList<>();
        collectLeaves(mime, leaves, 0);
        // Our Message-IDs are looked for in the bytes as they came (quoted headers, the reported
        // message), once: a forwarded report's inner bytes are within them (forwardedReport).
        List<String> messageIds = depth > 0 ? List.of()
                : ListMessageIds.candidatesIn(new String(raw, 0, Math.min(raw.length, MAX_INPUT_BYTES), StandardCharsets.ISO_8859_1));
        Message m = new Message(mime, leaves, findToken(mime, leaves).orElse(null), messageKey(mime, raw), messageIds);

        Optional<String> unsubscribe = unsubscribeToken(mime);
        if (unsubscribe.isPresent()) {
            return new Bounce(BounceKind.UNSUBSCRIBE, BounceReason.UNSUBSCRIBE, m.token(), sender(mime), null,
                    "mail to the List-Unsubscribe address", "unsubscribe", null, unsubscribe.get(), m.key(), m.messageIds());
        }
        Bounce b = feedbackReport(m);
        if (b == null) {
            b = amazonSesNotification(m);
        }
        if (b == null) {
            b = deliveryStatus(m);
        }
        if (b == null && depth == 0) {
            b = forwardedReport(m);
        }
        if (b != null) {
            return b;
        }
        String text = bodyText(leaves);
        List<String> zone = diagnosticZone(TextScan.lines(text));
        String zoneText = String.join("\n", zone);
        // Exim and others mark their bounces Auto-Submitted: auto-replied too: a daemon's report is a bounce.
        boolean daemon = DAEMON.matcher(sender(mime)).find() || mime.getHeader("X-Failed-Recipients") != null
                || Optional.ofNullable(mime.getHeader("From", null)).orElse("").toLowerCase(Locale.ROOT).contains("mailer-daemon");
        boolean strong = daemon || BOUNCE_MARKERS.matcher(zoneText).find();
        boolean autoReply = isAutoReply(mime);
        if (autoReply && !daemon && !(strong && BOUNCE_SUBJECT.matcher(subject(mime)).find())) {
            return m.bounce(BounceKind.NOT_A_BOUNCE, BounceReason.VACATION, null, null, "auto-reply", "auto-reply", null);
        }
        if (strong || BOUNCE_SUBJECT.matcher(subject(mime)).find()) {
            return textBounce(m, zone, zoneText, strong);
        }
        return m.bounce(BounceKind.NOT_A_BOUNCE, BounceReason.NOT_A_BOUNCE, null, null, "no delivery report in it", "plain", null);
    }

    /**
     * A delivery report forwarded whole inside a message/rfc822 part (a filtering gateway's wrapper
     * around the real DSN): read the inner report, keeping this message's token, identity and
     * Message-IDs (the inner report's bytes are part of this message's).
     */
    private Bounce forwardedReport(Message m) throws MessagingException, IOException {
        for (Part p : m.leaves()) {
            if (!p.isMimeType("message/rfc822")) {
                continue;
            }
            byte[] bytes = decoded(p);
            MimeMessage inner = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
            String from = Optional.ofNullable(inner.getHeader("From", null)).orElse("").toLowerCase(Locale.ROOT);
            if (inner.isMimeType("multipart/report") && (DAEMON.matcher(sender(inner)).find() || from.contains("mailer-daemon"))) {
                Bounce b = read(inner, bytes, 1);
                if (b.kind() != BounceKind.NOT_A_BOUNCE || b.reason() != BounceReason.NOT_A_BOUNCE) {
                    return new Bounce(b.kind(), b.reason(), b.verpToken() != null ? b.verpToken() : m.token(), b.recipient(),
                            b.status(), b.diagnostic(), b.format(), b.feedbackType(), b.unsubscribeToken(), m.key(),
                            m.messageIds());
                }
            }
        }
        return null;
    }

    // --- mail to unsubscribe+TOKEN@domain -----------------------------------------------------

    /** The token of an {@code unsubscribe+TOKEN@domain} address (the List-Unsubscribe mailto) the message was sent to. */
    private Optional<String> unsubscribeToken(MimeMessage msg) throws MessagingException {
        String prefix = "unsubscribe+";
        String suffix = "@" + domain;
        for (String name : ENVELOPE_HEADERS) {
            String[] values = msg.getHeader(name);
            if (values == null) {
                continue;
            }
            for (String v : values) {
                for (String a : TextScan.addresses(v, 20)) {
                    String lower = a.toLowerCase(Locale.ROOT);
                    if (lower.startsWith(prefix) && lower.endsWith(suffix)) {
                        String token = a.substring(prefix.length(), a.length() - suffix.length());
                        if (UNSUBSCRIBE_CHARS.matcher(token).matches()) {
                            return Optional.of(token);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    // --- feedback reports: ARF (RFC 5965), JMRP ---------------------------------------------------

    private Bounce feedbackReport(Message m) throws MessagingException, IOException {
        Map<String, String> report = null;
        Part arf = first(m.leaves(), "message/feedback-report");
        if (arf != null) {
            report = fields(TextScan.lines(text(arf)));
        } else {
            // Feedback-Type in an odd place: a text part, the report inside the returned message,
            // or the top-level body of a report whose parts are mislabelled.
            for (Part p : m.leaves()) {
                if (p.isMimeType("text/*") || p.isMimeType("message/*") || p.isMimeType("application/*")) {
                    Map<String, String> f = feedbackFields(TextScan.lines(text(p)));
                    if (f != null) {
                        report = f;
                        break;
                    }
                }
            }
        }
        if (report == null && "true".equalsIgnoreCase(Optional.ofNullable(m.msg().getHeader("X-Apple-Unsubscribe", null)).orElse("").strip())) {
            // Apple Mail's "Unsubscribe" button mails the List-Unsubscribe address of a list it
            // does not know as ours: an opt-out report.
            report = new LinkedHashMap<>();
            report.put("feedback-type", "opt-out");
            report.put("user-agent", "Apple Mail");
            report.put("original-rcpt-to", sender(m.msg()));
        }
        if (report == null && isJmrp(m.msg())) {
            report = new LinkedHashMap<>();
            report.put("feedback-type", "abuse");
            report.put("user-agent", "Microsoft JMRP");
        }
        if (report == null) {
            return null;
        }
        String type = report.getOrDefault("feedback-type", "abuse").strip().toLowerCase(Locale.ROOT);
        type = type.isEmpty() ? "abuse" : abbreviate(type.split("[\\s;]", 2)[0], 30);
        String recipient = TextScan.firstAddress(report.getOrDefault("original-rcpt-to", ""));
        if (recipient == null) {
            recipient = TextScan.firstAddress(report.getOrDefault("removal-recipient", ""));
        }
        if (recipient == null) {
            recipient = originalRecipient(m);
        }
        String agent = report.getOrDefault("user-agent", "unknown reporter").strip();
        // Reports about authentication or a "not spam" vote say nothing against the reader.
        BounceKind kind = type.equals("auth-failure") || type.equals("not-spam") || type.equals("dkim")
                ? BounceKind.NOT_A_BOUNCE : BounceKind.COMPLAINT;
        return m.bounce(kind, BounceReason.COMPLAINT, recipient, null,
                "feedback-type " + type + " from " + abbreviate(agent.isEmpty() ? "unknown reporter" : agent, 80), "arf", type);
    }

    /** ARF report fields found anywhere in a part: a "Feedback-Type:" field line starts them. */
    private static Map<String, String> feedbackFields(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).regionMatches(true, 0, "Feedback-Type:", 0, 14)) {
                int from = i;
                while (from > 0 && !lines.get(from - 1).isBlank() && from > i - 30) {
                    from--;
                }
                return fields(lines.subList(from, lines.size()));
            }
        }
        return null;
    }

    /** Microsoft JMRP (and SNDS-era Hotmail reports): an attached message with X-HmXmrOriginalRecipient. */
    private static boolean isJmrp(MimeMessage msg) throws MessagingException {
        String from = sender(msg).toLowerCase(Locale.ROOT);
        String subject = subject(msg).toLowerCase(Locale.ROOT);
        boolean microsoft = from.endsWith("@hotmail.com") || from.endsWith("@outlook.com") || from.endsWith("@microsoft.com")
                || from.endsWith("@live.com");
        return microsoft && (subject.contains("complaint about message") || msg.getHeader("X-HmXmrOriginalRecipient") != null
                || subject.contains("junk mail report"));
    }

    /** The reader named in the returned message of a report: X-HmXmrOriginalRecipient, else its To. */
    private static String originalRecipient(Message m) throws MessagingException, IOException {
        for (Part p : m.leaves()) {
            if (p.isMimeType("message/rfc822") || p.isMimeType("text/rfc822-headers") || p.isMimeType("message/rfc822-headers")) {
                Map<String, String> h = fields(headerLines(TextScan.lines(text(p))));
                for (String name : List.of("x-hmxmroriginalrecipient", "to", "delivered-to")) {
                    String a = TextScan.firstAddress(h.getOrDefault(name, ""));
                    if (a != null) {
                        return a;
                    }
                }
            }
        }
        return TextScan.firstAddress(Optional.ofNullable(m.msg().getHeader("X-HmXmrOriginalRecipient", null)).orElse(""));
    }

    // --- Amazon SES notifications delivered by mail (JSON) ------------------------------------------

    private Bounce amazonSesNotification(Message m) throws MessagingException, IOException {
        for (Part p : m.leaves()) {
            if (!(p.isMimeType("text/plain") || p.isMimeType("application/json"))) {
                continue;
            }
            String body = jsonObject(text(p));
            if (body == null || !(body.contains("notificationType") || body.contains("eventType"))) {
                continue;
            }
            JsonNode n;
            // Notifications by mail arrive with their long lines wrapped, also inside strings.
            String unwrapped = body.replace("\r", "").replace("\n", "");
            // So may a Message-ID of ours be (commonHeaders.messageId): look again in the unwrapped text.
            List<String> ids = new ArrayList<>(m.messageIds());
            ids.addAll(ListMessageIds.candidatesIn(unwrapped));
            m = new Message(m.msg(), m.leaves(), m.token() != null ? m.token() : Verp.tokenIn(unwrapped, verp).orElse(null),
                    m.key(), ids);
            try {
                n = JSON.readTree(unwrapped);
                if (n.path("Message").isString()) { // an SNS envelope around the notification
                    n = JSON.readTree(n.path("Message").asString());
                }
            } catch (JacksonException e) {
                continue;
            }
            String type = n.path("notificationType").asString(n.path("eventType").asString(""));
            switch (type) {
                case "Complaint" -> {
                    JsonNode c = n.path("complaint");
                    String feedback = c.path("complaintFeedbackType").asString("abuse");
                    String recipient = c.path("complainedRecipients").path(0).path("emailAddress").asString(null);
                    BounceKind kind = feedback.equals("not-spam") ? BounceKind.NOT_A_BOUNCE : BounceKind.COMPLAINT;
                    return m.bounce(kind, BounceReason.COMPLAINT, recipient, null,
                            "feedback-type " + abbreviate(feedback, 30) + " from Amazon SES", "ses-json", abbreviate(feedback, 30));
                }
                case "Bounce" -> {
                    JsonNode b = n.path("bounce");
                    JsonNode r = b.path("bouncedRecipients").path(0);
                    String diagnostic = r.path("diagnosticCode").asString("");
                    String status = BounceClassifier.bestStatus(r.path("status").asString(null), diagnostic);
                    String bounceType = b.path("bounceType").asString("");
                    String subType = b.path("bounceSubType").asString("");
                    // SES names a full mailbox or a too large message itself; otherwise the remote server's words decide.
                    BounceReason declared = subType.equals("MailboxFull") ? BounceReason.MAILBOX_FULL
                            : subType.equals("MessageTooLarge") ? BounceReason.MESSAGE_TOO_BIG : null;
                    BounceClassifier.Verdict v = declared != null ? new BounceClassifier.Verdict(declared, "SES bounce subtype")
                            : BounceClassifier.classify(new BounceClassifier.Evidence(
                            status, null, diagnostic, r.path("action").asString("failed"), "amazonses", null));
                    BounceReason reason = v.reason() == BounceReason.UNKNOWN ? sesSubType(bounceType, subType) : v.reason();
                    BounceKind kind = bounceType.equals("Transient") && reason.hard() ? BounceKind.SOFT
                            : new BounceClassifier.Verdict(reason, "").kind();
                    return m.bounce(kind, reason, r.path("emailAddress").asString(null), status,
                            (bounceType + "/" + subType + " " + diagnostic).strip(), "ses-json", null);
                }
                case "Delivery", "Send", "Open", "Click", "DeliveryDelay" -> {
                    return m.bounce(BounceKind.NOT_A_BOUNCE, BounceReason.NOT_A_BOUNCE,
                            n.path("mail").path("destination").path(0).asString(null), null,
                            "Amazon SES " + type + " notification", "ses-json", null);
                }
                default -> {
                }
            }
        }
        return null;
    }

    /** The JSON object a text starts with (SNS mails add a footer after it), found by matching braces. */
    private static String jsonObject(String text) {
        String t = text.strip();
        if (!t.startsWith("{")) {
            return null;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return t.substring(0, i + 1);
            }
        }
        return null;
    }

    private static BounceReason sesSubType(String type, String subType) {
        return switch (subType) {
            case "NoEmail" -> BounceReason.USER_UNKNOWN;
            case "Suppressed", "OnAccountSuppressionList" -> BounceReason.USER_UNKNOWN;
            case "MailboxFull" -> BounceReason.MAILBOX_FULL;
            case "MessageTooLarge" -> BounceReason.MESSAGE_TOO_BIG;
            case "ContentRejected", "AttachmentRejected" -> BounceReason.CONTENT_FILTERED;
            default -> type.equals("Permanent") ? BounceReason.UNKNOWN : BounceReason.SYSTEM_ERROR;
        };
    }

    // --- RFC 3464 DSN -------------------------------------------------------------------------

    private Bounce deliveryStatus(Message m) throws MessagingException, IOException {
        Part dsn = first(m.leaves(), "message/delivery-status", "message/global-delivery-status");
        List<String> lines;
        if (dsn != null) {
            lines = TextScan.lines(text(dsn));
        } else {
            lines = dsnFieldsInText(m.leaves());
            if (lines == null) {
                return null;
            }
        }
        List<Map<String, String>> blocks = blocks(lines);
        Map<String, String> perMessage = blocks.isEmpty() ? Map.of() : blocks.get(0);
        List<Map<String, String>> recipients = new ArrayList<>();
        for (Map<String, String> h : blocks) {
            if (h.containsKey("final-recipient") || h.containsKey("original-recipient") || h.containsKey("status")
                    || h.containsKey("action")) {
                recipients.add(h);
            }
        }
        if (recipients.isEmpty()) {
            return null;
        }
        Map<String, String> chosen = recipients.stream().filter(h -> action(h).equals("failed")).findFirst()
                .orElse(recipients.get(0));
        String action = action(chosen);
        String recipient = Optional.ofNullable(TextScan.firstAddress(typedValue(chosen.get("original-recipient"))))
                .orElse(TextScan.firstAddress(typedValue(chosen.get("final-recipient"))));
        if (recipient == null) {
            recipient = TextScan.firstAddress(typedValue(chosen.get("x-actual-recipient")));
        }
        String rawDiagnostic = chosen.get("diagnostic-code");
        String diagnosticType = rawDiagnostic == null ? null : diagnosticType(rawDiagnostic);
        String diagnostic = typedValue(rawDiagnostic);
        if (diagnostic == null || diagnostic.isBlank() || !hasWords(diagnostic)) {
            String fromText = recipientBlock(m.leaves(), recipient);
            if (fromText == null && recipient == null) {
                // The recipient is no address (a mailbox path): the text explains the only failure.
                fromText = textDiagnostic(m);
            }
            diagnostic = diagnostic == null || diagnostic.isBlank() ? fromText : diagnostic + " " + Optional.ofNullable(fromText).orElse("");
        }
        String status = BounceClassifier.bestStatus(chosen.get("status"), diagnostic);
        if (action.equals("delivered") || action.equals("relayed") || action.equals("expanded")) {
            return m.bounce(BounceKind.NOT_A_BOUNCE, BounceReason.NOT_A_BOUNCE, recipient, status,
                    "delivery report with action '" + abbreviate(action, 20) + "'", "dsn", null);
        }
        String mta = diagnosticType != null && !diagnosticType.equals("smtp") ? diagnosticType
                : isMicrosoft365(m.msg()) ? "office365" : perMessage.getOrDefault("reporting-mta", "");
        String zoneText = String.join("\n", diagnosticZone(TextScan.lines(bodyText(m.leaves()))));
        String command = BounceClassifier.smtpCommand(diagnostic);
        if (command == null) {
            command = BounceClassifier.smtpCommand(zoneText);
        }
        if (command == null) {
            command = BounceClassifier.commandNamedIn(diagnostic);
        }
        String remote = hostName(typedValue(chosen.get("remote-mta")));
        if (remote == null) {
            remote = remoteHostIn(diagnostic);
        }
        if (remote == null) {
            remote = remoteHostIn(zoneText);
        }
        String reporting = hostName(typedValue(perMessage.get("reporting-mta")));
        if (reporting == null) {
            reporting = reportingDomain(m.msg());
        }
        BounceReason category = powerMtaCategory(chosen.get("x-powermta-bouncecategory"));
        BounceClassifier.Verdict v = category != null ? new BounceClassifier.Verdict(category, "PowerMTA bounce category")
                : BounceClassifier.classify(new BounceClassifier.Evidence(status, null, diagnostic, action, mta, command, remote,
                domainOf(recipient), reporting));
        if (!action.equals("failed")) {
            return m.bounce(BounceKind.NOT_A_BOUNCE, v.reason(), recipient, status,
                    (action.equals("delayed") ? "delay warning: the mail system is still trying"
                            : "delivery report with action '" + abbreviate(action, 20) + "'")
                            + (diagnostic == null ? "" : " (" + diagnostic + ")"), "dsn", null);
        }
        return m.bounce(v.kind(), v.reason(), recipient, status, diagnostic == null ? v.why() : diagnostic, "dsn", null);
    }

    /** DSN fields sent as text/plain (some gateways): the lines from "Reporting-MTA:" or the first "Final-Recipient:". */
    private static List<String> dsnFieldsInText(List<Part> leaves) throws MessagingException, IOException {
        for (Part p : leaves) {
            if (!p.isMimeType("text/plain")) {
                continue;
            }
            List<String> lines = TextScan.lines(text(p));
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.regionMatches(true, 0, "Final-Recipient:", 0, 16)) {
                    for (int j = i; j < lines.size(); j++) {
                        if (lines.get(j).regionMatches(true, 0, "Status:", 0, 7)) {
                            int from = i;
                            while (from > 0 && !lines.get(from - 1).isBlank()) {
                                from--;
                            }
                            return lines.subList(from, lines.size());
                        }
                    }
                    return null;
                }
            }
        }
        return null;
    }

    /** Action, lower case; inferred from the status when missing (some MTAs leave it out). */
    private static String action(Map<String, String> h) {
        String a = h.get("action");
        if (a != null && !a.isBlank()) {
            String s = a.strip().toLowerCase(Locale.ROOT);
            int end = 0;
            while (end < s.length() && Character.isLetter(s.charAt(end))) {
                end++;
            }
            String word = s.substring(0, end);
            return word.equals("failure") || word.equals("fail") ? "failed" : word;
        }
        String s = h.get("status");
        return s != null && (s.strip().startsWith("5") || s.strip().startsWith("4")) ? "failed" : "unknown";
    }

    private static boolean hasWords(String diagnostic) {
        int letters = 0;
        for (int i = 0; i < diagnostic.length() && letters < 8; i++) {
            if (Character.isLetter(diagnostic.charAt(i))) {
                letters++;
            }
        }
        return letters >= 8 && !BounceClassifier.normalise(diagnostic).matches("(smtp;)?\\s?[245]\\d\\d[ -]?([245]\\.\\d{1,3}\\.\\d{1,3})?\\s?(\\w{1,10})?");
    }

    /** The text near the recipient in the human-readable part: its line and the few lines after it. */
    private static String recipientBlock(List<Part> leaves, String recipient) throws MessagingException, IOException {
        List<String> zone = diagnosticZone(TextScan.lines(bodyText(leaves)));
        if (recipient != null) {
            String r = recipient.toLowerCase(Locale.ROOT);
            for (int i = 0; i < zone.size(); i++) {
                if (zone.get(i).toLowerCase(Locale.ROOT).contains(r)) {
                    String block = block(zone, i, 8);
                    if (hasWords(block.replace(recipient, ""))) {
                        return block;
                    }
                }
            }
        }
        return null;
    }

    private static boolean hasCode(String text) {
        return BounceClassifier.enhancedCodeIn(text, true).isPresent() || BounceClassifier.basicCodeIn(text).isPresent();
    }

    /** The first line of the zone with a 4xx/5xx reply or status code. */
    private static String lineWithCode(List<String> zone) {
        for (String l : zone) {
            if (hasCode(l)) {
                return l.strip();
            }
        }
        return null;
    }

    /** The explanation a bounce text gives (its failed-address block, or the remote server's quoted reply). */
    private String textDiagnostic(Message m) throws MessagingException, IOException {
        List<String> zone = diagnosticZone(TextScan.lines(bodyText(m.leaves())));
        String remote = remoteReply(String.join("\n", zone));
        if (remote != null) {
            return remote;
        }
        String block = failedRecipient(m.msg(), zone).block();
        return block != null && hasWords(block) ? block : null;
    }

    /**
     * A non-delivery report written by Microsoft 365 (Exchange Online) or Exchange: at least two of
     * its marks (the NDR header, its cross-tenant or anti-spam headers, an outlook.com Message-ID or
     * Received, an "Undeliverable:" subject).
     */
    static boolean isMicrosoft365(MimeMessage msg) throws MessagingException {
        int marks = 0;
        for (String h : new String[] {"X-MS-Exchange-Message-Is-Ndr", "X-MS-Exchange-CrossTenant-OriginalArrivalTime",
                "X-MS-Exchange-CrossTenant-FromEntityHeader", "X-Microsoft-Antispam-PRVS", "X-MS-Exchange-Transport-CrossTenantHeadersStamped"}) {
            if (msg.getHeader(h) != null) {
                marks++;
            }
        }
        String id = Optional.ofNullable(msg.getHeader("Message-ID", null)).orElse("").toLowerCase(Locale.ROOT);
        if (id.contains(".prod.outlook.com") || id.contains(".protection.outlook.com")) {
            marks++;
        }
        String[] received = msg.getHeader("Received");
        if (received != null) {
            for (int i = 0; i < received.length && i < 20; i++) {
                String r = received[i].toLowerCase(Locale.ROOT);
                if (r.contains(".prod.outlook.com") || r.contains(".protection.outlook.com")) {
                    marks++;
                    break;
                }
            }
        }
        if (subject(msg).startsWith("Undeliverable:")) {
            marks++;
        }
        return marks >= 2;
    }

    /** PowerMTA's own verdict (X-PowerMTA-BounceCategory), as its documentation names the categories. */
    static BounceReason powerMtaCategory(String category) {
        if (category == null) {
            return null;
        }
        return switch (category.strip().toLowerCase(Locale.ROOT)) {
            case "bad-mailbox" -> BounceReason.USER_UNKNOWN;
            case "bad-domain" -> BounceReason.HOST_UNKNOWN;
            case "inactive-mailbox" -> BounceReason.SUSPENDED;
            case "quota-issues" -> BounceReason.MAILBOX_FULL;
            case "message-expired" -> BounceReason.EXPIRED;
            case "no-answer-from-host", "bad-connection" -> BounceReason.NETWORK_ERROR;
            case "routing-errors", "bad-configuration", "protocol-errors" -> BounceReason.SYSTEM_ERROR;
            case "policy-related", "spam-related", "invalid-sender", "relaying-issues" -> BounceReason.BLOCKED;
            case "content-related", "virus-related" -> BounceReason.CONTENT_FILTERED;
            default -> null;
        };
    }

    /** "mx.example.jp" from "mx.example.jp [192.0.2.1]", "mx.example.jp." or "[192.0.2.1]"-less forms; null when no name. */
    static String hostName(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < v.length() && end < 255 && (Character.isLetterOrDigit(v.charAt(end)) || v.charAt(end) == '.' || v.charAt(end) == '-')) {
            end++;
        }
        String h = v.substring(0, end);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return TextScan.isHostName(h) ? h : null;
    }

    /**
     * The host that answered, as reports name it: Postfix "host mx.example.jp[192.0.2.1] said:",
     * Exim "host mx.example.jp [192.0.2.1]", Sendmail "... while talking to mx.example.jp.:",
     * "Remote-MTA: dns; mx.example.jp".
     */
    static String remoteHostIn(String text) {
        if (text == null) {
            return null;
        }
        String lower = text.length() > 32768 ? text.substring(0, 32768).toLowerCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
        for (String lead : new String[] {"while talking to ", "remote-mta: dns;", "host "}) {
            int i = lower.indexOf(lead);
            while (i >= 0) {
                String h = hostName(lower.substring(i + lead.length(), Math.min(lower.length(), i + lead.length() + 260)));
                if (h != null && (!lead.equals("host ") || i == 0 || !Character.isLetter(lower.charAt(i - 1)))) {
                    return h;
                }
                i = lower.indexOf(lead, i + lead.length());
            }
        }
        return null;
    }

    /** The domain of the mailer daemon that sent a bounce text (MAILER-DAEMON@yahoo.com → yahoo.com), or null. */
    private static String reportingDomain(MimeMessage msg) throws MessagingException {
        String from = sender(msg);
        return DAEMON.matcher(from).find() ? domainOf(from) : null;
    }

    private static String domainOf(String address) {
        return address == null ? null : address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    // --- non-standard bounce texts ------------------------------------------------------------

    private Bounce textBounce(Message m, List<String> zone, String zoneText, boolean strong) throws MessagingException {
        MimeMessage msg = m.msg();
        Found found = failedRecipient(msg, zone);
        String diagnostic = found.block();
        String quoted = remoteReply(zoneText);
        if (quoted != null) {
            diagnostic = quoted;
        } else if (diagnostic == null || !hasWords(diagnostic)) {
            diagnostic = zoneText;
        } else if (!hasCode(diagnostic)) {
            // The recipient's entry names no code; the report's technical details (below it) do.
            String coded = lineWithCode(zone);
            if (coded != null) {
                diagnostic = diagnostic + "\n" + coded;
            }
        }
        if (found.address() != null && found.address().endsWith("@googlegroups.com")) {
            return m.bounce(BounceKind.SOFT, BounceReason.BLOCKED, found.address(), null,
                    "Google Groups refused the post (no such group, or not allowed to post)", "text", null);
        }
        if (DELAY_MARKERS.matcher(zoneText).find() && !zoneText.toLowerCase(Locale.ROOT).contains("permanent")) {
            BounceClassifier.Verdict v = BounceClassifier.classify(new BounceClassifier.Evidence(
                    BounceClassifier.bestStatus(null, diagnostic), null, diagnostic, "delayed", null, null));
            return m.bounce(BounceKind.NOT_A_BOUNCE, v.reason(), found.address(), null,
                    "delay warning: the mail system is still trying", "text", null);
        }
        String status = BounceClassifier.enhancedCodeIn(diagnostic, true).orElse(BounceClassifier.bestStatus(null, diagnostic));
        if (status == null) {
            status = BounceClassifier.enhancedCodeIn(zoneText, true).orElse(BounceClassifier.bestStatus(null, zoneText));
        }
        if (!strong && status == null && found.address() == null) {
            return m.bounce(BounceKind.NOT_A_BOUNCE, BounceReason.NOT_A_BOUNCE, null, null, "no delivery report in it", "plain", null);
        }
        String command = BounceClassifier.smtpCommand(diagnostic);
        if (command == null) {
            command = BounceClassifier.smtpCommand(zoneText);
        }
        if (command == null) {
            command = BounceClassifier.commandNamedIn(diagnostic);
        }
        String host = remoteHostIn(diagnostic);
        if (host == null) {
            host = remoteHostIn(zoneText);
        }
        String reporting = reportingDomain(msg);
        String domain = domainOf(found.address());
        BounceClassifier.Verdict v = BounceClassifier.classify(new BounceClassifier.Evidence(status, null, diagnostic, "failed",
                found.format(), command, host, domain, reporting));
        if (v.reason() == BounceReason.UNKNOWN && !diagnostic.equals(zoneText)) {
            v = BounceClassifier.classify(new BounceClassifier.Evidence(status, null, zoneText, "failed", found.format(), command,
                    host, domain, reporting));
        }
        return m.bounce(v.kind(), v.reason(), found.address(), status, codeLine(diagnostic, v.why()), "text", null);
    }

    /** What the remote server said, when the report quotes it after a known lead-in (Gmail, Yahoo, qmail). */
    private static String remoteReply(String zoneText) {
        String lower = zoneText.toLowerCase(Locale.ROOT);
        for (String lead : new String[] {"the error that the other server returned was:", "the response from the remote server was:",
                "the response was:", "-------server message", "error message below:"}) {
            int i = lower.indexOf(lead);
            if (i >= 0) {
                int from = i + lead.length();
                int end = lower.indexOf("\n\n", from);
                return zoneText.substring(from, end < 0 ? Math.min(zoneText.length(), from + 2000) : end).strip();
            }
        }
        return null;
    }

    /** The failed address, the lines that explain it and the format that told us. */
    private record Found(String address, String block, String format) {
    }

    private Found failedRecipient(MimeMessage msg, List<String> zone) throws MessagingException {
        String[] failed = msg.getHeader("X-Failed-Recipients");
        String hinted = failed == null ? null : TextScan.firstAddress(failed[0]);
        for (int i = 0; i < zone.size(); i++) {
            if ((i & 255) == 0 && Thread.currentThread().isInterrupted()) {
                throw new ParseInterruptedException();
            }
            String line = zone.get(i);
            String key = TextScan.key(line);
            // Exim: "The following address(es) failed:", then the address indented, then its reason.
            if (key.endsWith("failed:") && (key.contains("address(es)") || key.contains("addresses") || key.contains("address"))) {
                for (int j = i + 1; j < zone.size() && j < i + 4; j++) {
                    String a = TextScan.firstAddress(zone.get(j));
                    if (a != null && !ours(a)) {
                        return new Found(hinted != null ? hinted : a, block(zone, j, 12), "exim");
                    }
                }
            }
            // Apache James (and the gateways built on it): "Message details:" then "RCPT TO: user@host".
            if (key.startsWith("rcpt to:")) {
                String a = TextScan.firstAddress(key);
                if (a != null && !ours(a)) {
                    return new Found(hinted != null ? hinted : a, null, "james");
                }
            }
            // qmail, Courier and others: "<user@host>:" alone on its line, the reason below.
            if (key.startsWith("<") && (key.endsWith(">:") || key.endsWith(">"))) {
                String a = TextScan.firstAddress(key);
                if (a != null && !ours(a) && key.length() <= a.length() + 4) {
                    return new Found(hinted != null ? hinted : a, block(zone, i, 12), "qmail");
                }
            }
        }
        // Anything else: the first line naming a foreign address that is not the sender's (nor the
        // envelope sender a report quotes); a daemon-like address (postmaster@...) only when no other.
        String from = TextScan.firstAddress(Optional.ofNullable(msg.getHeader("From", null)).orElse(""));
        for (boolean daemons : new boolean[] {false, true}) {
            for (int i = 0; i < zone.size(); i++) {
                if (TextScan.key(zone.get(i)).startsWith("mail from")) {
                    continue;
                }
                for (String a : TextScan.addresses(zone.get(i), 8)) {
                    if (!ours(a) && DAEMON.matcher(a).find() == daemons && !a.equalsIgnoreCase(from)
                            && (hinted == null || a.equalsIgnoreCase(hinted))) {
                        return new Found(a, block(zone, i, 8), null);
                    }
                }
            }
        }
        return new Found(hinted, null, null);
    }

    /**
     * The line at {@code from} and the following ones up to a blank line (at most {@code max}), or
     * up to the line that starts the next recipient's entry: one recipient's words only.
     */
    private static String block(List<String> lines, int from, int max) {
        StringBuilder sb = new StringBuilder();
        String first = TextScan.firstAddress(lines.get(from));
        int i = from;
        while (i < lines.size() && i < from + max) {
            String l = lines.get(i);
            if (i > from && startsWithAddress(l) && (first == null || !first.equalsIgnoreCase(TextScan.firstAddress(l)))) {
                break;
            }
            if (l.isBlank()) {
                if (i > from + 1 || i == from) {
                    break;
                }
                i++;
                continue;
            }
            sb.append(l.strip()).append('\n');
            i++;
        }
        return sb.toString();
    }

    /** "a@b.example: 550 ...", "&lt;a@b.example&gt;:", "\"a@b.example\":": a line that opens a recipient's entry. */
    private static boolean startsWithAddress(String line) {
        String k = line.strip();
        int i = 0;
        while (i < k.length() && i < 2 && (k.charAt(i) == '<' || k.charAt(i) == '"')) {
            i++;
        }
        int at = k.indexOf('@', i);
        if (at <= i || at > i + 64) {
            return false;
        }
        for (int j = i; j < at; j++) {
            char c = k.charAt(j);
            if (Character.isWhitespace(c) || c == '<' || c == '>' || c == ':' || c == '(') {
                return false;
            }
        }
        String a = TextScan.firstAddress(k.substring(i));
        return a != null && k.regionMatches(true, i, a, 0, a.length());
    }

    /** Addresses on our own domain (VERP, From) are never the failed recipient. */
    private boolean ours(String address) {
        String d = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return d.equals(domain) || d.endsWith("." + domain);
    }

    private static String codeLine(String diagnostic, String why) {
        Matcher m = BounceClassifier.ENHANCED.matcher(diagnostic);
        if (!m.find()) {
            m = BounceClassifier.BASIC.matcher(diagnostic);
            if (!m.find()) {
                return abbreviate(diagnostic, 300);
            }
        }
        int start = diagnostic.lastIndexOf('\n', m.start()) + 1;
        int end = diagnostic.indexOf('\n', m.end());
        String line = diagnostic.substring(start, end < 0 ? diagnostic.length() : end).strip();
        return line.isEmpty() ? why : line;
    }

    /** The lines above the returned message in a bounce text (where the diagnosis is). */
    static List<String> diagnosticZone(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (startsOriginal(lines.get(i))) {
                return lines.subList(0, i);
            }
        }
        return lines;
    }

    private static boolean startsOriginal(String line) {
        String key = TextScan.key(line);
        if (key.startsWith("-") || key.startsWith("=") || key.startsWith("*")) {
            String words = key.replaceAll("^[-=* ]{1,80}", "");
            return words.startsWith("below this line is a copy of the message") || words.startsWith("this is a copy of the message")
                    || words.startsWith("original message") || words.startsWith("the header of the original message")
                    || words.startsWith("returned message") || words.startsWith("the original message")
                    || words.startsWith("message header follows") || words.startsWith("unsent message below")
                    || words.startsWith("original mail");
        }
        return key.startsWith("original message follows") || key.startsWith("below is a copy of the original message")
                || key.startsWith("original message headers") || key.startsWith("----- original message")
                || line.startsWith("Return-Path:") || line.startsWith("Return-path:") || line.startsWith("Received: from");
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

    /** "rfc822; a@b" → "a@b", "smtp; 550 ..." → "550 ..." (the type is dropped). */
    private static String typedValue(String v) {
        if (v == null) {
            return null;
        }
        String s = CONTROL_OR_SPACE.matcher(v).replaceAll(" ").strip();
        int semi = s.indexOf(';');
        return semi >= 0 && semi < 20 ? s.substring(semi + 1).strip() : s;
    }

    private static String diagnosticType(String v) {
        String s = v.strip();
        int semi = s.indexOf(';');
        return semi > 0 && semi < 20 ? s.substring(0, semi).strip().toLowerCase(Locale.ROOT) : null;
    }

    /** Header-style fields ("Name: value", continuation lines folded in), names lower case, first wins. */
    private static Map<String, String> fields(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String l : lines) {
            if (!l.isEmpty() && (l.charAt(0) == ' ' || l.charAt(0) == '\t') && name != null) {
                if (value.length() < 4000) {
                    value.append(' ').append(l.strip());
                }
                continue;
            }
            if (name != null) {
                out.putIfAbsent(name, value.toString());
                name = null;
            }
            Matcher m = FIELD.matcher(l);
            if (m.matches()) {
                name = m.group(1).toLowerCase(Locale.ROOT);
                value.setLength(0);
                value.append(m.group(2).strip());
            }
        }
        if (name != null) {
            out.putIfAbsent(name, value.toString());
        }
        return out;
    }

    /** The lines up to the first blank one (a header block). */
    private static List<String> headerLines(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                return lines.subList(0, i);
            }
        }
        return lines;
    }

    /** Blank-line separated field blocks (a DSN: the per-message block, then one per recipient). */
    private static List<Map<String, String>> blocks(List<String> lines) {
        List<Map<String, String>> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= lines.size(); i++) {
            if (i == lines.size() || lines.get(i).isBlank()) {
                if (i > start) {
                    Map<String, String> f = fields(lines.subList(start, i));
                    if (!f.isEmpty()) {
                        // Some MTAs forget the blank line between recipients: a second Final-Recipient starts a block.
                        out.add(f);
                    }
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static String sender(MimeMessage msg) throws MessagingException {
        String a = TextScan.firstAddress(Optional.ofNullable(msg.getHeader("From", null)).orElse(""));
        return a == null ? "" : a;
    }

    private static String subject(MimeMessage msg) throws MessagingException {
        String s = msg.getHeader("Subject", null);
        if (s == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(s));
        } catch (IOException | RuntimeException e) {
            return s;
        }
    }

    private static boolean isAutoReply(MimeMessage msg) throws MessagingException {
        String auto = msg.getHeader("Auto-Submitted", null);
        if (auto != null && auto.strip().toLowerCase(Locale.ROOT).startsWith("auto-replied")) {
            return true;
        }
        if (msg.getHeader("X-Autoreply") != null || msg.getHeader("X-Autorespond") != null
                || msg.getHeader("X-Auto-Response-Suppress") != null && subject(msg).toLowerCase(Locale.ROOT).startsWith("auto")) {
            return true;
        }
        String precedence = msg.getHeader("Precedence", null);
        if (precedence != null && precedence.strip().equalsIgnoreCase("auto_reply")) {
            return true;
        }
        return AUTO_REPLY_SUBJECT.matcher(subject(msg)).find();
    }

    // --- MIME plumbing ------------------------------------------------------------------------

    private static void collectLeaves(Part part, List<Part> out, int depth) throws MessagingException {
        if (depth > MAX_DEPTH || out.size() >= MAX_PARTS) {
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new ParseInterruptedException();
        }
        if (part.isMimeType("multipart/*")) {
            MimeMultipart mp = new MimeMultipart(part.getDataHandler().getDataSource());
            int count;
            try {
                count = mp.getCount();
            } catch (MessagingException e) {
                // A broken boundary: read the whole body as one text part, as a person would.
                out.add(part);
                return;
            }
            for (int i = 0; i < count && out.size() < MAX_PARTS; i++) {
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

    /** The human-readable text: the text/plain parts (else the text/html ones as text), not the returned message. */
    private static String bodyText(List<Part> leaves) throws MessagingException, IOException {
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (Part p : leaves) {
            if (p.isMimeType("text/plain") || declaredPlainText(p)) {
                plain.append(text(p)).append('\n');
            } else if (p.isMimeType("text/html")) {
                html.append(Jsoup.parse(text(p)).wholeText()).append('\n');
            } else if (p.isMimeType("multipart/*")) {
                plain.append(rawText(p)).append('\n');
            } else if (leaves.size() == 1 && !p.isMimeType("message/*") && !p.isMimeType("image/*") && !p.isMimeType("application/*")) {
                plain.append(text(p)).append('\n');
            }
        }
        return (plain.isEmpty() ? html : plain).toString();
    }

    /** A part whose Content-Type is malformed ("text/plain" then a parameter without its ';') but plainly text. */
    private static boolean declaredPlainText(Part p) {
        try {
            String[] ct = p.getHeader("Content-Type");
            return ct != null && ct[0].strip().toLowerCase(Locale.ROOT).startsWith("text/plain");
        } catch (MessagingException e) {
            return false;
        }
    }

    private static final Charset ISO_2022_JP = Charset.isSupported("ISO-2022-JP") ? Charset.forName("ISO-2022-JP") : null;

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
        byte[] bytes = decoded(p);
        if (ISO_2022_JP != null && !cs.equals(ISO_2022_JP) && hasJisEscape(bytes)) {
            cs = ISO_2022_JP; // Japanese bounces often leave out the charset of their 7-bit JIS text
        }
        return new String(bytes, cs);
    }

    /** ESC $ B or ESC $ @: the switch to JIS X 0208 of ISO-2022-JP text. */
    private static boolean hasJisEscape(byte[] bytes) {
        for (int i = 0; i + 2 < bytes.length; i++) {
            if (bytes[i] == 0x1B && bytes[i + 1] == '$' && (bytes[i + 2] == 'B' || bytes[i + 2] == '@')) {
                return true;
            }
        }
        return false;
    }

    /** A part's raw body (for a multipart whose boundary is broken), at most {@value #MAX_PART_BYTES} bytes. */
    private static String rawText(Part p) throws MessagingException, IOException {
        InputStream in = p instanceof MimePart mp ? rawStream(mp) : null;
        if (in == null) {
            return "";
        }
        try (InputStream s = in) {
            return new String(s.readNBytes(MAX_PART_BYTES), StandardCharsets.UTF_8);
        }
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
        return "sha256:" + sha256Hex(raw);
    }

    /** The SHA-256 of a message's bytes in lower-case hex (also the poller's quarantine key). */
    static String sha256Hex(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String s, int max) {
        String flat = CONTROL_OR_SPACE.matcher(s).replaceAll(" ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
