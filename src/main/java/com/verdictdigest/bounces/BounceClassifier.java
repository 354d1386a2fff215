package com.verdictdigest.bounces;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reason of a failure (see {@link BounceReason} for the taxonomy) from the evidence a report
 * gives: the remote server's words, the RFC 3463 enhanced status code, the SMTP reply code, the
 * report's action and the reporting MTA's format.
 *
 * <p>The order of the checks is the point. Reasons whose words are unambiguous and would be
 * misread through a generic code come first (a full mailbox reported as 5.1.1, a policy block
 * reported as 5.1.1 or 5.7.1 "recipient rejected"), then "user unknown" (by code, unless the
 * words say another reason, or by words), then the sender-side reasons, then the status code's
 * own meaning, then the weaker texts (system, network), then the code's class. Every pattern runs
 * on one normalised line of at most {@value #MAX_TEXT} characters and is built of literals and
 * bounded gaps, so each check is linear in the text.
 */
public final class BounceClassifier {

    /** An enhanced status code in free text: 5.1.1, 4.2.2, 5.7.606 (not part of a version or IP). */
    static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?!\\d|\\.\\d)");
    /** A basic SMTP reply code at the start of a reply line: "550 ", "452-". */
    static final Pattern BASIC = Pattern.compile("(?<![\\w.#-])([245]\\d\\d)(?=[ -])");
    private static final int MAX_TEXT = 8192;
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Cntrl}]+");

    /**
     * Everything known about one failed recipient. Any field may be null.
     *
     * @param status     the enhanced status code ("5.1.1")
     * @param replyCode  the SMTP reply code ("550")
     * @param diagnostic the remote server's reply or the report's explanation
     * @param action     the DSN action ("failed", "delayed")
     * @param mta        the reporting MTA's format when it says something ("exim", "qmail", "x-unix"...)
     */
    public record Evidence(String status, String replyCode, String diagnostic, String action, String mta) {
        public static Evidence of(String status, String diagnostic) {
            return new Evidence(status, null, diagnostic, null, null);
        }
    }

    /** A classification and why. */
    public record Verdict(BounceReason reason, String why) {
        /** Hard, soft or not a bounce, for a failure (action failed). */
        public BounceKind kind() {
            return switch (reason) {
                case VACATION, NOT_A_BOUNCE -> BounceKind.NOT_A_BOUNCE;
                case COMPLAINT -> BounceKind.COMPLAINT;
                case UNSUBSCRIBE -> BounceKind.UNSUBSCRIBE;
                default -> reason.hard() ? BounceKind.HARD : BounceKind.SOFT;
            };
        }
    }

    private BounceClassifier() {
    }

    /** Phrases, lower case, on one line; {@code ~} stands for a gap of at most 40 characters. */
    private static Pattern phrases(String... alternatives) {
        StringBuilder sb = new StringBuilder();
        for (String a : alternatives) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append(a.replace("~", ".{0,40}?"));
        }
        return Pattern.compile(sb.toString());
    }

    static final Pattern MAILBOX_FULL = phrases(
            "mailbox (is )?full", "mailbox ~(is|was) full", "mail ?box quota", "over ?quota", "quota exceeded",
            "exceeded ~quota", "exceeds ~quota", "quota ~exceeded", "user is over", "(mailbox|mail box|inbox) ~(storage )?(limit|size) ~exceeded",
            "mailbox ~exceeded", "exceeded storage allocation", "insufficient (disk )?(space|storage)",
            "not enough (disk )?(space|storage)", "out of (disk )?(space|storage)", "full mailbox", "mailbox has exceeded",
            "would exceed ~(quota|mailbox|size limit)", "is over (its|the|their) ~(quota|limit)", "space ~(exhausted|exceeded)",
            "is full", "box full", "disk full", "storage ~full", "too many messages (in|on) ~(mailbox|box|account|folder)",
            "no space left");
    static final Pattern MESSAGE_TOO_BIG = phrases(
            "message (is )?too (big|large)", "mail ~too (big|large)", "message size ~exceeds", "exceeds ~(size|message) ~limit",
            "size exceeds", "message ~exceeds ~(maximum|max|fixed|size)", "too large", "message length exceeds",
            "size limit", "exceeded ~size", "message size", "line too long", "too much mail data",
            "data size exceeds", "maximum message size", "message file too big");
    static final Pattern SUSPENDED = phrases(
            "(account|mailbox|user|address) ~(is |has been )?(disabled|suspended|deactivated|inactive|expired|locked|frozen|closed|terminated|blocked by the owner)",
            "(disabled|suspended|inactive|deactivated|locked|closed|frozen|expired) ~(account|mailbox|user)",
            "recipient ~suspended", "not (an )?active", "is not active", "no longer ~(active|in use|available|valid|exists?)",
            "mailbox ~unavailable ~(inactive|disabled)", "temporarily disabled", "has been disabled",
            "service ~suspended", "user (is )?suspended", "mailbox currently suspended", "account ~(on hold|blocked)",
            "mailbox ~(temporarily )?(inactive|disabled)", "mailbox unavailable: disabled");
    static final Pattern HAS_MOVED = phrases(
            "has (been )?moved", "address ~(has )?changed", "moved (to|permanently)", "is no longer ~at this",
            "user has moved", "recipient ~moved");
    static final Pattern RELAY_DENIED = phrases(
            "relay(ing)? ~(denied|not (allowed|permitted)|prohibited|refused)", "not permitted to relay",
            "unable to relay", "we do not relay", "no relaying", "relay not permitted", "relay access denied",
            "(cannot|can't|will not|won't) relay", "relaying mail to ~not allowed", "relay ~not ~authori[sz]ed",
            "that domain isn't in my list of allowed rcpthosts", "not in my list of allowed rcpthosts",
            "mail server requires authentication", "authentication required for relay");
    static final Pattern AUTH_FAILURE = phrases(
            "\\bspf\\b", "\\bdkim\\b", "\\bdmarc\\b", "sender policy framework", "domainkeys",
            "authentication (failed|failure|results|required)", "not authenticated", "unauthenticated",
            "is not authori[sz]ed to send", "not designated (as|to)", "failed ~authentication",
            "sender ~not ~authori[sz]ed", "does not pass", "designates ~as permitted");
    static final Pattern USER_UNKNOWN = phrases(
            "user ~unknown", "unknown ~(user|recipient|mailbox|address|local ?part|e-?mail address)",
            "no such (user|mailbox|recipient|address|person|account|local user)", "(user|recipient|mailbox|address|account) ~(does not|doesn't|does no longer|not) exist",
            "(user|recipient|mailbox|address|account) ~(not found|unknown|invalid)", "(mailbox|recipient|user|address) ~(is )?(unavailable|not available)",
            "invalid (recipient|mailbox|user|address|e-?mail)", "(not a|no) valid (recipient|mailbox|user|address)",
            "is not a (valid|known) (user|mailbox|recipient|address)", "bad (destination )?(recipient|mailbox|address|user)",
            "recipient ~(rejected|refused|not (ok|accepted|valid|local))", "(email|mail|e-mail) address ~(does not|doesn't|not) exist",
            "could not be found", "not present in directory", "resolver\\.adr\\.recipient ?not ?found", "recipientnotfound",
            "no mailbox (here|by that name|found|available)", "no (such )?account ~(by that name|here|for)", "non-?existent (user|recipient|mailbox|address|account)",
            "address rejected", "not listed in ~(directory|address book|domino directory|public name)", "badrcptto",
            "unrouteable address", "mailbox ~(does not exist|doesn't exist|not present|inexistent)",
            "destination addresses? ~(unknown|were unknown|rejected)", "#5\\.1\\.1", "no user ~(here|by that name|with that name)",
            "no ~ in name directory", "not a local (address|user|recipient)", "this user doesn't have a", "cannot find (your|the) (recipient|user)",
            "invalid-recipient", "userunknown", "user not ~found", "unknown or illegal alias", "addressee unknown",
            "recipient address ~(invalid|unknown)", "unknown account", "i am not going to accept this address", "not our customer",
            "sorry, no mailbox here");
    static final Pattern CONTENT_FILTERED = phrases(
            "filtered", "\\bfilter(ing)?\\b", "content ~(rejected|refused|not (allowed|accepted)|policy|violation)", "virus",
            "malware", "infected", "(rfc|rfc ?5322|rfc ?2822|rfc ?822) ~(compliant|complian|violation|non-?complian)",
            "not ~rfc ?(5322|2822|822)", "message (header|headers|body) ~(rejected|invalid|malformed)",
            "header ~(is )?(invalid|malformed|missing)", "(attachment|file type|extension) ~(not allowed|rejected|prohibited|blocked)",
            "prohibited attachment", "banned ~(attachment|file|content)", "bare lf", "8-bit ~not allowed",
            "duplicate header", "multiple (from|sender|to|subject|date|message-id) ", "missing (date|from|message-id|subject) ~header",
            "message ~(contains|has) ~(invalid|illegal|forbidden)", "improper (use|format)", "mime ~(error|invalid|malformed)",
            "refused by recipient", "rejected by recipient", "recipient ~(refuses|refused) ~mail", "does not accept mail from you",
            "denied by recipient", "blocked by ~recipient", "receiver(s)? ~reject");
    static final Pattern BLOCKED_SENDER = phrases(
            "\\bptr\\b", "reverse ~(dns|lookup|hostname|address|name)", "(rdns|r-dns|rdns lookup)", "no (dns )?(ptr|reverse)",
            "(ip|host|address|client) ~(has no|does not have|without) ~(ptr|reverse|hostname|dns)",
            "cannot resolve your (address|ip|hostname|host name)", "(could not|cannot|can't|unable to) ~(resolve|find|look ?up) ~(your|the sender|client|hostname|host name|ip)",
            "reputation", "poor reputation", "blacklist", "blocklist", "block list", "black list", "spamhaus", "spamcop",
            "sorbs", "barracuda", "(rbl|dnsbl|rbls|dnsbls)\\b", "\\bdul\\b", "dynamic ~(ip|address|range|pool)",
            "residential", "listed (in|on|at|by)", "(sender|sending) ~(address|domain|ip|host) ~(rejected|refused|denied|blocked|not (allowed|accepted))",
            "(sender|domain) ~(is )?(on|in) ~(deny|reject|block)", "mail from ~(rejected|refused|denied|not accepted)",
            "sender ~(verify|verification|address) ~(failed|unknown|rejected)", "sender ~(domain|address) ~(does not exist|not (found|exist))",
            "(domain|address) of sender ~(does not|not) ~(resolve|exist)", "envelope ~sender ~(rejected|refused|invalid)",
            "(ip|address|host|client|server|connection) ~(is |was |has been )?(blocked|banned|denied|rejected|refused)",
            "blocked", "\\bban(ned)?\\b", "denied", "not allowed", "access denied", "prohibited", "rejected for policy",
            "policy ~(violation|reasons|rejection)", "violat", "(refused|rejected) ~policy", "\\bpolicy\\b", "not accepted");
    static final Pattern SPAM_DETECTED = phrases(
            "\\bspam\\b", "spam ~(detected|content|score|filter|message|suspected)", "junk mail", "\\bubc\\b", "\\bube\\b",
            "unsolicited", "bulk (e-?)?mail", "(message|mail|content) ~(looks|appears|classified|identified|considered|determined) ~(spam|junk|like)",
            "suspicious", "phishing", "scam", "spam-like");
    static final Pattern HOST_UNKNOWN = phrases(
            "host ~unknown", "unknown ~(host|domain)", "(domain|host) ~(not found|does not exist|doesn't exist|not exist|unknown|invalid|cannot be resolved|could not be resolved|unresolvable)",
            "no such (domain|host)", "(invalid|bad|unrouteable|unroutable) (domain|host|hostname|host name)",
            "name or service not known", "host or domain name not found", "no (mx|mail exchanger|a) ~(record|host)", "null mx",
            "mx ~(points|pointing) ~(non-?existent|invalid|nowhere|to)", "all relevant mx records point", "domain ~(has no|without) ~(mx|mail)",
            "(nxdomain|servfail)\\b", "unrouteable mail domain", "domain is not (served|hosted) here", "not a valid (domain|host)",
            "recipient domain ~(invalid|not found|unknown|does not exist)", "host not found", "dns ~(no such|not found|error: no)",
            "could not ~(find|resolve) ~(domain|host|mx)", "domain ~(is )?not (configured|valid|registered)", "does not accept mail",
            "accepts no mail", "domain does not accept");
    static final Pattern RATE_LIMITED = phrases(
            "too many ~(connections|sessions|messages|mails|emails|recipients|requests|concurrent)", "rate ~(limit|exceeded|control)",
            "ratelimit", "throttl", "(sending|receiving|message) ~(rate|limit) ~exceeded", "exceeded ~(rate|limit|maximum number|number of)",
            "(connection|message|send) ~(limit|frequency)", "slow down", "too fast", "too frequent", "please try again later",
            "try (again )?later", "temporarily (deferred|rejected|refused|limited)", "come back later", "max ~(connections|messages|recipients) ~exceeded",
            "frequency", "greylist", "grey-list", "graylist", "gray-list");
    static final Pattern SYSTEM_ERROR = phrases(
            "system ~(error|failure|problem|not available|unavailable|busy|resources|config)", "server ~(error|failure|misconfigur|busy|unavailable|not available)",
            "(internal|temporary|local|unexpected|remote) ~(server )?(error|failure|problem)", "service (is )?(temporarily )?(unavailable|not available)",
            "ldap", "(database|directory|mailstore|mail store|storage) ~(error|unavailable|failure|problem)",
            "(mail|local) ~(loop|loops|looping)", "loops back to myself", "too many hops", "hop count", "mail loop",
            "misconfigur", "configuration error", "unable to (process|deliver|complete)", "processing error",
            "out of memory", "resource(s)? ~(unavailable|exhausted|limit)", "insufficient system", "system (storage|disk)",
            "queue file write error", "i/o error", "internal error", "can't create", "could not create", "failed to create",
            "unable to create", "write error", "read error", "lost connection with ~while (receiving|sending) the (initial greeting|data)",
            "temporary local problem", "local error", "exceeded ~(hop|loop)");
    static final Pattern NETWORK_ERROR = phrases(
            "connection ~(refused|timed out|timeout|reset|closed|failed|lost|dropped|error)", "(timed out|time-out|timeout) ~(while|during|connecting|reading|waiting)",
            "network ~(error|unreachable|failure|down)", "(host|server|destination) ~(unreachable|is down|not responding|not reachable|did not respond)",
            "no route to host", "could not connect", "can't connect", "cannot connect", "unable to connect", "failed to connect",
            "(dns|name server|nameserver|domain name) ~(error|failure|timeout|timed out|temporary|lookup ~fail|problem)",
            "temporary ~(dns|lookup|name resolution) ~(failure|error)", "routing loop", "mail for ~loops", "lost connection",
            "tls ~(handshake|negotiation) ~(fail|error)", "ssl ~(handshake|error)", "broken pipe", "unexpected end of file",
            "conversation ~(timed out|timeout)", "remote host ~(closed|refused|not accepting)", "no answer", "not responding");
    static final Pattern EXPIRED = phrases(
            "retry time(out)? ~(exceeded|not reached)", "(queue|queued) ~(too long|for too long|timeout|expired|lifetime)", "too long in (the )?queue",
            "(delivery|message|mail) ~(expired|timed out|time expired|timeout)", "(giving|gave|have given|i've given) up", "could not be delivered (within|for|in) ~(days|hours)",
            "expired", "has been delayed", "undeliverable for", "was not delivered within", "maximum (time|retries|retry)",
            "retry (limit|period|count) ~(exceeded|reached|expired)", "delivery attempts? ~(failed|exhausted|exceeded|expired)",
            "unable to deliver ~(for|within) ~(days|hours)", "in the queue too long", "message timed out", "time limit ~exceeded",
            "will not retry", "not going to try again");
    static final Pattern MAILER_ERROR = phrases(
            "\\bx-unix\\b", "\\bx-postfix\\b", "command (died|failed|not found|exited|output)", "pipe to ~(failed|returned)",
            "(exit|exited with|returned) ~(status|code) ~\\d", "delivery to (program|pipe|file) ~fail", "\\|\\s?/", "procmail",
            "mail(er|drop)? ~(error|failure)", "local delivery ~(failed|error)", "unknown mailer error", "service unavailable: command",
            "(can't|cannot|could not|couldn't) ~(execute|exec|run)", "sh: ", "permission denied", "child process");
    static final Pattern SECURITY_WORDS = phrases(
            "\\btls\\b", "starttls", "encryption", "certificate", "authentication", "\\bauth\\b", "secure connection", "must issue a starttls",
            "ssl", "security", "not authori[sz]ed", "unauthori[sz]ed", "access denied");
    static final Pattern VACATION = phrases(
            "out of (the )?office", "on vacation", "on holiday", "away from (my|the) (office|desk)", "auto(matic)?[ -]?(reply|response)",
            "i am (currently )?(away|out)", "i'm (currently )?(away|out)", "vacation");
    static final Pattern TEMPORARY = phrases("temporar", "try again", "try later", "transient", "deferred");

    /** Classifies a failure from a status code and the remote server's words. */
    public static Verdict classify(String status, String diagnostic) {
        return classify(Evidence.of(status, diagnostic));
    }

    public static Verdict classify(Evidence e) {
        String text = normalise(e.diagnostic());
        String status = e.status() == null ? null : enhancedCodeIn(e.status()).orElse(null);
        String reply = e.replyCode() != null ? e.replyCode() : basicCodeIn(e.diagnostic()).orElse(null);
        if (status == null && reply != null) {
            status = reply.charAt(0) + ".0.0";
        }
        String mta = e.mta() == null ? "" : e.mta().toLowerCase(Locale.ROOT);
        if (status != null && status.startsWith("2")) {
            return new Verdict(BounceReason.NOT_A_BOUNCE, "delivered");
        }
        BounceReason byCode = byStatus(status, reply, text);

        // 1. Words that no generic code may override.
        if (byCode == BounceReason.MAILBOX_FULL || MAILBOX_FULL.matcher(text).find()) {
            return new Verdict(BounceReason.MAILBOX_FULL, "mailbox full");
        }
        if (byCode == BounceReason.MESSAGE_TOO_BIG || MESSAGE_TOO_BIG.matcher(text).find()) {
            return new Verdict(BounceReason.MESSAGE_TOO_BIG, "message too big");
        }
        if (byCode == BounceReason.SUSPENDED || SUSPENDED.matcher(text).find()) {
            return new Verdict(BounceReason.SUSPENDED, "account suspended or disabled");
        }
        if (byCode == BounceReason.HAS_MOVED || HAS_MOVED.matcher(text).find()) {
            return new Verdict(BounceReason.HAS_MOVED, "mailbox has moved");
        }
        if (RELAY_DENIED.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "relaying refused");
        }
        if (AUTH_FAILURE.matcher(text).find()) {
            return new Verdict(BounceReason.SECURITY_ERROR, "sender authentication (SPF, DKIM, DMARC) failed");
        }
        // 2. The address: by code unless the words say the sender was refused, or by words.
        if (byCode == BounceReason.USER_UNKNOWN && !BLOCKED_SENDER.matcher(text).find() && !SPAM_DETECTED.matcher(text).find()) {
            return new Verdict(BounceReason.USER_UNKNOWN, "no such user");
        }
        if (USER_UNKNOWN.matcher(text).find() && !TEMPORARY.matcher(text).find()) {
            return new Verdict(BounceReason.USER_UNKNOWN, "no such user");
        }
        if (byCode == BounceReason.CONTENT_FILTERED || CONTENT_FILTERED.matcher(text).find()) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "content or recipient filter");
        }
        if (byCode == BounceReason.HOST_UNKNOWN || HOST_UNKNOWN.matcher(text).find()) {
            return new Verdict(BounceReason.HOST_UNKNOWN, "no such domain, or it accepts no mail");
        }
        if (SPAM_DETECTED.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "spam detected");
        }
        if (RATE_LIMITED.matcher(text).find() || byCode == BounceReason.RATE_LIMITED) {
            return new Verdict(BounceReason.RATE_LIMITED, "too many messages or connections");
        }
        if (byCode == BounceReason.BLOCKED || BLOCKED_SENDER.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "sender blocked (reputation, block list or policy)");
        }
        // 3. The weaker texts, then the code's meaning.
        if (mta.equals("x-unix") || mta.equals("x-postfix") || MAILER_ERROR.matcher(text).find()) {
            return new Verdict(BounceReason.MAILER_ERROR, "local delivery program failed");
        }
        if (EXPIRED.matcher(text).find()) {
            return new Verdict(BounceReason.EXPIRED, "undeliverable after the retries");
        }
        if (NETWORK_ERROR.matcher(text).find()) {
            return new Verdict(BounceReason.NETWORK_ERROR, "network or routing failure");
        }
        if (SYSTEM_ERROR.matcher(text).find()) {
            return new Verdict(BounceReason.SYSTEM_ERROR, "receiving system failed");
        }
        if (byCode != null) {
            return new Verdict(byCode, "status " + status);
        }
        if (status != null && (status.startsWith("5.7") || status.startsWith("4.7")) || SECURITY_WORDS.matcher(text).find()) {
            return new Verdict(BounceReason.SECURITY_ERROR, "security or policy status " + (status == null ? "" : status));
        }
        if (status != null && (status.startsWith("5.6") || status.startsWith("4.6"))) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "media error " + status);
        }
        String action = e.action() == null ? "" : e.action().toLowerCase(Locale.ROOT);
        if (action.startsWith("delayed") || action.startsWith("expired")) {
            return new Verdict(BounceReason.EXPIRED, "still undelivered after retries");
        }
        if (VACATION.matcher(text).find()) {
            return new Verdict(BounceReason.VACATION, "auto-reply");
        }
        return new Verdict(BounceReason.UNKNOWN, status == null ? "unspecific failure" : "unspecific status " + status);
    }

    /** The meaning of a specific enhanced status code (RFC 3463 and the IANA registry); null for generic ones. */
    static BounceReason byStatus(String status, String reply, String text) {
        if (status == null) {
            return null;
        }
        String[] p = status.split("\\.");
        int cls = Integer.parseInt(p[0]);
        int subject = Integer.parseInt(p[1]);
        int detail = Integer.parseInt(p[2]);
        return switch (subject) {
            case 1 -> switch (detail) {
                case 0 -> cls == 5 ? BounceReason.USER_UNKNOWN : null;
                case 1, 3 -> BounceReason.USER_UNKNOWN;
                case 2 -> BounceReason.HOST_UNKNOWN;
                case 4 -> BounceReason.CONTENT_FILTERED;
                case 6 -> BounceReason.HAS_MOVED;
                case 7, 8 -> BounceReason.BLOCKED;
                case 9 -> BounceReason.SYSTEM_ERROR;
                case 10 -> "556".equals(reply) || text.contains("null mx") ? BounceReason.HOST_UNKNOWN : BounceReason.USER_UNKNOWN;
                default -> null;
            };
            case 2 -> switch (detail) {
                case 0, 4 -> BounceReason.CONTENT_FILTERED;
                case 1 -> cls == 5 ? BounceReason.CONTENT_FILTERED : BounceReason.SUSPENDED;
                case 2 -> BounceReason.MAILBOX_FULL;
                case 3 -> BounceReason.MESSAGE_TOO_BIG;
                default -> null;
            };
            case 3 -> switch (detail) {
                case 1 -> BounceReason.SYSTEM_ERROR;
                case 2 -> BounceReason.HOST_UNKNOWN;
                case 3, 5 -> BounceReason.SYSTEM_ERROR;
                case 4 -> BounceReason.MESSAGE_TOO_BIG;
                case 0 -> cls == 5 ? BounceReason.SYSTEM_ERROR : null;
                default -> null;
            };
            case 4 -> switch (detail) {
                case 0 -> cls == 5 ? BounceReason.NETWORK_ERROR : null;
                case 1, 7 -> BounceReason.EXPIRED;
                case 2, 6, 8 -> BounceReason.NETWORK_ERROR;
                case 3 -> BounceReason.SYSTEM_ERROR;
                case 4 -> cls == 5 ? BounceReason.HOST_UNKNOWN : BounceReason.NETWORK_ERROR;
                case 5 -> BounceReason.SYSTEM_ERROR;
                default -> null;
            };
            case 5 -> switch (detail) {
                case 3 -> BounceReason.RATE_LIMITED;
                case 4, 5 -> BounceReason.SYSTEM_ERROR;
                case 2, 6 -> BounceReason.SYSTEM_ERROR;
                case 0 -> cls == 4 ? BounceReason.NETWORK_ERROR : null;
                default -> null;
            };
            case 6 -> BounceReason.CONTENT_FILTERED;
            case 7 -> switch (detail) {
                case 1, 2 -> cls == 4 ? BounceReason.BLOCKED : null;
                case 13 -> BounceReason.SUSPENDED;
                case 16 -> BounceReason.MESSAGE_TOO_BIG;
                case 17, 18 -> BounceReason.HAS_MOVED;
                case 20, 21, 22, 23, 24, 26, 29 -> BounceReason.SECURITY_ERROR;
                case 25, 28 -> BounceReason.BLOCKED;
                case 27 -> BounceReason.HOST_UNKNOWN;
                default -> null;
            };
            default -> null;
        };
    }

    /** Lower case, every run of white space or control characters one space, at most {@value #MAX_TEXT} characters. */
    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String s = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        return SPACES.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /** The first enhanced status code in the text, e.g. from "550-5.1.1 The email account...". */
    public static Optional<String> enhancedCodeIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ENHANCED.matcher(text);
        while (m.find()) {
            int subject = Integer.parseInt(m.group(2));
            if (subject <= 7) {
                return Optional.of(m.group(1) + "." + subject + "." + Integer.parseInt(m.group(3)));
            }
        }
        return Optional.empty();
    }

    /** The first basic SMTP reply code (4xx/5xx) in the text. */
    public static Optional<String> basicCodeIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = BASIC.matcher(text);
        while (m.find()) {
            if (m.group(1).charAt(0) != '2') {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /**
     * The best status for a report: the declared one, unless it is unspecific (x.0.0) and the
     * diagnostic names a specific one of the same class; without any, the class of the basic
     * reply code (550 → 5.0.0).
     */
    public static String bestStatus(String declared, String diagnostic) {
        String d = enhancedCodeIn(declared).orElse(null);
        String fromDiagnostic = enhancedCodeIn(diagnostic).orElse(null);
        if (d != null) {
            if (d.endsWith(".0.0") && fromDiagnostic != null && fromDiagnostic.charAt(0) == d.charAt(0)) {
                return fromDiagnostic;
            }
            return d;
        }
        if (fromDiagnostic != null) {
            return fromDiagnostic;
        }
        return basicCodeIn(diagnostic).map(c -> c.charAt(0) + ".0.0").orElse(null);
    }

    static List<Pattern> allPatterns() {
        return List.of(MAILBOX_FULL, MESSAGE_TOO_BIG, SUSPENDED, HAS_MOVED, RELAY_DENIED, AUTH_FAILURE, USER_UNKNOWN,
                CONTENT_FILTERED, BLOCKED_SENDER, SPAM_DETECTED, HOST_UNKNOWN, RATE_LIMITED, SYSTEM_ERROR, NETWORK_ERROR,
                EXPIRED, MAILER_ERROR, SECURITY_WORDS, VACATION, TEMPORARY);
    }
}
