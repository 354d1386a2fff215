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
    /** The code prefix of a continued reply line ("550-5.7.1 "), which splits the server's sentence. */
    private static final Pattern CONTINUATION = Pattern.compile(" [245]\\d\\d[- ](?:[245]\\.\\d{1,3}\\.\\d{1,3} )?");

    /**
     * Everything known about one failed recipient. Any field may be null.
     *
     * @param status     the enhanced status code ("5.1.1")
     * @param replyCode  the SMTP reply code ("550")
     * @param diagnostic the remote server's reply or the report's explanation
     * @param action     the DSN action ("failed", "delayed")
     * @param mta        the reporting MTA's format when it says something ("exim", "qmail", "x-unix"...)
     * @param command    the SMTP command the remote server answered (CONN, EHLO, MAIL, RCPT, DATA), if known
     */
    public record Evidence(String status, String replyCode, String diagnostic, String action, String mta, String command) {
        public static Evidence of(String status, String diagnostic) {
            return new Evidence(status, null, diagnostic, null, null, null);
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
            "mailbox ~exceeds", "mailbox ~exceeded", "exceeded storage allocation", "full mailbox", "mailbox has exceeded",
            "would exceed ~(quota|mailbox|size limit)", "is over (its|the|their) ~(quota|limit)", "space ~(exhausted|exceeded)",
            "mailbox ~is full", "box full", "too many messages (in|on) ~(mailbox|box|account|folder)",
            "user ~over ~quota", "mailfolder is full", "recipient ~full", "account is full", "inbox is full");
    static final Pattern MESSAGE_TOO_BIG = phrases(
            "message (is )?too (big|large)", "mail ~too (big|large)", "message size ~exceeds", "exceeds ~(size|message) ~limit",
            "size exceeds", "message ~exceeds ~(maximum|max|fixed|size)", "(message|mail|e-?mail|data|size) ~too large", "message length exceeds",
            "line limit exceeded",
            "size limit", "exceeded ~size", "line too long", "too much mail data",
            "data size exceeds", "maximum message size", "message file too big", "message is larger than", "exceeds the maximum size");
    static final Pattern SUSPENDED = phrases(
            "(account|mailbox|user|address) ~(is |has been )?(disabled|suspended|deactivated|inactive|locked|frozen|terminated|blocked by the owner)",
            "(disabled|suspended|inactive|deactivated|locked|frozen) ~(account|mailbox|user)",
            "recipient ~suspended", "is not active", "no longer ~(active|in use)",
            "temporarily disabled", "has been disabled", "service ~suspended", "user (is )?suspended", "account ~(on hold|expired)",
            "mailbox unavailable: disabled", "recipient account is disabled");
    static final Pattern HAS_MOVED = phrases(
            "has (been )?moved", "address ~(has )?changed", "moved (to|permanently)", "user has moved", "recipient ~moved");
    static final Pattern RELAY_DENIED = phrases(
            "relay(ing)? ~(denied|not (allowed|permitted)|prohibited|refused)", "not permitted to relay",
            "unable to relay", "we do not relay", "no relaying", "relay not permitted", "relay access denied",
            "(cannot|can't|will not|won't) relay", "relaying mail to ~not allowed", "relay ~not ~authori[sz]ed",
            "not in my list of allowed rcpthosts", "authentication required for relay", "relay rejected", "open relay", "mail relay",
            "email address is not verified", "identities failed the check");
    static final Pattern AUTH_FAILURE = phrases(
            "\\bspf\\b", "\\bdkim\\b", "\\bdmarc\\b", "sender policy framework", "domainkeys",
            "is not authori[sz]ed to send", "not designated (as|to)", "designates ~as permitted", "5\\.7\\.2[0-46]",
            "does not pass (spf|dkim|dmarc)", "unauthenticated email", "email authentication");
    static final Pattern SENDER_REJECTED = phrases(
            "sender address rejected", "domain of sender address", "sender ~(domain|address) ~(does not exist|not (found|exist)|must (exist|resolve)|unknown|invalid)",
            "unroutable sender", "unrouteable sender", "sender ~(verify|verification) ~(failed|rejected)", "sender rejected",
            "purported responsible address", "mail ?from ~(rejected|refused|denied)", "sender ~(is )?(on|in) ~(deny|reject|block)",
            "(address|domain) of sender ~(does not|doesn't|not) ~(resolve|exist)", "envelope ~sender ~(rejected|refused|invalid)",
            "invalid sender", "sender (is )?not (allowed|accepted|permitted)", "bad sender", "sender unknown", "unknown sender",
            "not permitted to post", "not have permission to post", "may not have permission", "user complaints", "\\btss04\\b",
            "mail ?from domain", "smtp server of your isp", "use your isp", "invalid domain name", "invalid ip",
            "unverifi?(y|i)able sending ip", "mismatches client ip", "cannot send e-?mail to yourself");
    static final Pattern USER_UNKNOWN = phrases(
            "user ~unknown", "unknown ~(user|recipient|mailbox|local ?part|e-?mail address|address)",
            "no such (user|mailbox|recipient|address|person|account|local user)", "(user|recipient|mailbox|address|account) ~(does not|doesn't|does no longer|not|no longer) exists?",
            "(user|recipient|mailbox|address|account|userid) ~(not found|unknown|invalid)", "mailbox ~(is )?(unavailable|not available|inactive|invalid)",
            "invalid (recipient|mailbox|user|address|e-?mail|final delivery userid)", "(not a|no) valid (recipient|mailbox|user|address)",
            "is not a (valid|known) (user|mailbox|recipient|address)", "bad (destination )?(recipient|mailbox|user)(?! address)",
            "recipient address rejected: (user unknown|unknown user|invalid|access denied|no such|undeliverable|user .{0,40} does not exist|unknown local)",
            "recipient (rejected|not (ok|accepted|valid|local))", "(email|mail|e-mail) address ~(does not|doesn't|not) exist",
            "(could not|couldn't|cannot|can't) be found", "not present in directory", "resolver\\.adr\\.recipient ?not ?found", "recipientnotfound",
            "no mailbox (here|by that name|found|available)", "no (such )?account ~(by that name|here|for)", "non-?existent (user|recipient|mailbox|address|account)",
            "not listed in ~(directory|address book|domino directory|public name)", "badrcptto",
            "mailbox ~(does not exist|doesn't exist|not present|inexistent|unavailable)",
            "destination addresses? ~(unknown|were unknown)", "#5\\.1\\.1", "no user ~(here|by that name|with that name)",
            "not a local (address|user|recipient)", "this user doesn't have a", "cannot find (your|the) (recipient|user)",
            "invalid-recipient", "userunknown", "user not ~found", "unknown or illegal alias", "addressee unknown",
            "recipient address ~(invalid|unknown)", "unknown account", "sorry, no mailbox here", "no such local user",
            "recipient does not exist", "address ~not ~(exist|known)", "mailbox not found", "does not exist in ~(directory|domain)",
            "is not a valid mailbox", "account does not exist", "address unknown", "has no (mailbox|account)");
    /** Words that outrank every code: the recipient's server named the exact problem. */
    static final Pattern NOT_COMPLIANT = phrases(
            "rfc ?5322 compliant", "not rfc ?(5322|2822|822)", "rfc ?(5322|2822|822) ~(violation|non-?complian)", "multiple addresses in from",
            "multiple (from|sender|to|subject|date|message-id|cc) ~headers?", "duplicate header", "headers too large", "header ~(is )?(invalid|malformed|missing)",
            "missing (date|from|message-id|subject) ~header", "bare lf", "virus", "malware", "infected");
    static final Pattern SPAM_STRONG = phrases(
            "spam classification", "(scored|classified|identified|detected|flagged|considered|marked) as spam", "spam detected",
            "\\bube\\b", "\\bubc\\b", "looks like spam", "appears to be spam", "spam content", "spam score");
    static final Pattern BLOCK_LISTS = phrases(
            "reputation", "blacklist", "blocklist", "block list", "black list", "spamhaus", "spamcop", "\\b(rbl|dnsbl|rbls|dnsbls)\\b",
            "sorbs\\.", "barracudacentral");
    static final Pattern RATE_STRONG = phrases(
            "frequency limit", "too many ~(connections|recipients|messages|sessions|simultaneous)", "rate limit exceeded",
            "connection rate", "sent to too many recipients", "rate ~exceeded", "exceeded ~rate");
    static final Pattern MAILER_STRONG = phrases("procmail", "pipe to \\|", "command (died|failed)", "unknown mailer error", "mail\\.local");
    static final Pattern HOST_STRONG = phrases("null mx", "doesn't receive email", "does not receive email", "accepts no mail",
            "indicated no smtp service", "not accepting network messages", "account or domain may not exist",
            "all relevant mx records point", "unrouteable address", "unrouteable mail domain");
    static final Pattern RECIPIENT_REJECTED = phrases("recipient address rejected", "address rejected", "recipient rejected");
    static final Pattern CONTENT_FILTERED = phrases(
            "filtered", "\\bfilter(ing)?\\b", "content ~(refused|not (allowed|accepted)|policy|violation)", "virus",
            "malware", "infected", "(rfc|rfc ?5322|rfc ?2822|rfc ?822) ~(compliant|complian|violation|non-?complian)",
            "not ~rfc ?(5322|2822|822)", "message (header|headers|body) ~(rejected|invalid|malformed)",
            "header ~(is )?(invalid|malformed|missing)", "(attachment|file type|extension) ~(not allowed|rejected|prohibited|blocked)",
            "prohibited attachment", "banned ~(attachment|file|content)", "bare lf", "8-bit ~not allowed",
            "duplicate header", "multiple (from|sender|to|subject|date|message-id) ", "missing (date|from|message-id|subject) ~header",
            "message ~(contains|has) ~(invalid|illegal|forbidden)", "improper (use|format)", "mime ~(error|invalid|malformed)",
            "refused by recipient", "rejected by recipient", "recipient ~(refuses|refused) ~mail", "does not accept mail from you",
            "denied by recipient", "blocked by ~recipient", "recipient preferences");
    static final Pattern BLOCKED_SENDER = phrases(
            "\\bptr\\b", "reverse ~(dns|lookup|hostname|address|name)", "\\brdns\\b", "no (dns )?(ptr|reverse)",
            "(ip|host|address|client) ~(has no|does not have|without) ~(ptr|reverse|hostname|dns)",
            "cannot resolve your (address|ip|hostname|host name)", "(could not|cannot|can't|unable to) ~(resolve|find|look ?up) ~(your|the sender|client|hostname|host name|ip)",
            "reputation", "blacklist", "blocklist", "block list", "black list", "spamhaus", "spamcop",
            "sorbs", "barracuda", "\\b(rbl|dnsbl|rbls|dnsbls)\\b", "\\bdul\\b", "dynamic ~(ip|address|range|pool)",
            "residential", "listed (in|on|at|by)", "(sender|sending) ~(ip|host) ~(rejected|refused|denied|blocked|not (allowed|accepted))",
            "(ip|host|client|server) ~(is |was |has been )?(blocked|banned|denied|rejected|refused)",
            "rejected for policy", "policy ~(violation|reasons|rejection)", "(refused|rejected) ~policy",
            "not accepted", "ip ~(rejected|blocked)", "\\bblocked\\b", "\\bbanned\\b", "poor reputation", "rejected by ~(policy|administrator)",
            "your (ip|host|server|domain)", "not allowed to send", "denied by policy", "by policy", "protocol violation",
            "not accepting connections", "a problem occurred", "host network not allowed", "violation", "header error");
    static final Pattern SPAM_DETECTED = phrases(
            "\\bspam\\b", "spam ~(detected|content|score|filter|message|suspected)", "junk mail", "\\bubc\\b", "\\bube\\b",
            "unsolicited", "bulk (e-?)?mail", "(message|mail|content) ~(looks|appears|classified|identified|considered|determined|scored) ~(spam|junk|like)",
            "suspicious", "phishing", "spam-like", "content rejected", "mail rejected\\. ofr", "mail rejete", "spam classification");
    static final Pattern HOST_UNKNOWN = phrases(
            "host ~unknown", "unknown ~(host|domain)", "(domain|host) ~(not found|does not exist|doesn't exist|not exist|unknown|invalid|cannot be resolved|could not be resolved|unresolvable|is not reachable)",
            "no such (domain|host)", "(bad|unrouteable|unroutable) (domain|host|hostname|host name|destination system)",
            "host or domain name not found", "null mx", "no mx ", "no mx found", "indicated no smtp service",
            "mx ~(points|pointing) ~(non-?existent|invalid|nowhere)", "all relevant mx records point", "domain ~(has no|without) ~(mx|mail)",
            "unrouteable mail domain", "unrouteable address", "domain is not (served|hosted) here", "not a valid (domain|host)",
            "recipient domain ~(invalid|not found|unknown|does not exist)", "host not found", "account or domain may not exist",
            "domain ~(is )?not (configured|valid|registered)", "does not accept mail", "accepts no mail", "domain does not accept",
            "not accepting network messages", "no mail server", "domain name not found", "\\S+\\.\\S+ does not exist$");
    static final Pattern DNS_TROUBLE = phrases(
            "dns error", "dns query failed", "dns ~(failure|timeout|timed out|temporary|problem|lookup fail)",
            "name server ~(error|failure|timeout|not responding)", "host name lookup failure", "host not found, try again",
            "malformed or unexpected name server reply",
            "temporary ~(dns|lookup|name resolution) ~(failure|error)", "nameserver ~(error|failure)", "servfail");
    static final Pattern RATE_LIMITED = phrases(
            "too many ~(connections|sessions|messages|mails|emails|recipients|requests|concurrent|simultaneous)", "rate ~(limit|exceeded|control)",
            "ratelimit", "throttl", "(sending|receiving|message) ~(rate|limit) ~exceeded", "exceeded ~(rate|maximum number|number of)",
            "(connection|message|send) ~(frequency)", "slow down", "too fast", "too frequent", "max ~(connections|messages|recipients) ~exceeded",
            "greylist", "grey-list", "graylist", "gray-list", "receiving mail at a rate", "unusual rate", "connection limit",
            "too many errors");
    static final Pattern SYSTEM_ERROR = phrases(
            "system ~(error|failure|problem|not available|unavailable|busy|resources|config)", "server ~(error|failure|misconfigur|busy|unavailable|not available)",
            "(internal|local|unexpected) ~(server )?(error|failure|problem)", "service (is |currently )?(temporarily )?(unavailable|not available|refused|refuse)",
            "ldap", "(database|directory|mailstore|mail store|storage) ~(error|unavailable|failure|problem)",
            "local ~(loop|loops|looping)", "loops back to myself", "misconfigur", "configuration error", "processing error",
            "out of memory", "resources? ~(unavailable|exhausted|limit)", "insufficient system", "system (storage|disk)",
            "queue file write error", "i/o error", "internal error", "write error", "read error", "transaction failed",
            "temporary local problem", "local error", "could not load", "insufficient permission", "insufficient (disk )?(space|storage)",
            "not enough (disk )?(space|storage)", "out of (disk )?(space|storage)", "no space left", "disk full", "does not support tls",
            "service not available", "server is busy", "unable to process", "system is busy");
    static final Pattern NETWORK_ERROR = phrases(
            "network ~(error|unreachable|failure|down)", "no route to host", "routing loop", "too many hops", "hop count",
            "mail loop", "mail for ~loops", "while performing the (helo|ehlo) handshake", "while receiving the initial (server )?greeting",
            "tls ~(handshake|negotiation) ~(fail|error)", "ssl ~(handshake|error)", "broken pipe", "unexpected end of file",
            "lost connection", "connection ~(reset|closed|dropped|lost)", "could not establish", "wasn't able to establish",
            "unable to establish", "failed to establish", "malformed or unexpected name server reply");
    static final Pattern EXPIRED = phrases(
            "retry time(out)? ~(exceeded|not reached)", "(queue|queued) ~(too long|for too long|timeout|expired|lifetime)", "too long in (the )?queue",
            "(delivery|message|mail) ~(expired|timed out|time expired|timeout)", "(giving|gave|have given) up", "could not be delivered (within|for|in) ~(days|hours)",
            "\\bexpired\\b", "undeliverable for", "was not delivered within", "maximum (time|retries|retry)",
            "retry (limit|period|count) ~(exceeded|reached|expired)", "delivery attempts? ~(failed|exhausted|exceeded|expired)", "failed \\d+ attempts",
            "unable to deliver ~(for|within) ~(days|hours)", "in the queue too long", "time limit ~exceeded",
            "connection ~(timed out|timeout|refused)", "timed out", "did not accept our requests to connect", "not reachable", "unreachable",
            "could not connect", "can't connect", "cannot connect", "unable to connect", "failed to connect", "host ~(is down|not responding)");
    static final Pattern MAILER_ERROR = phrases(
            "command (died|failed|not found|exited|output)", "pipe to ~(failed|returned)",
            "(exit|exited with|returned) ~(status|code) ~\\d", "delivery to (program|pipe|file) ~fail", "\\|\\s?/", "procmail",
            "mailer ~(error|failure)", "local delivery ~(failed|error)", "unknown mailer error", "service unavailable: command",
            "(can't|cannot|could not|couldn't) ~(execute|exec)", "child process", "x-unix");
    static final Pattern SECURITY_WORDS = phrases(
            "\\btls\\b", "starttls", "encryption", "certificate", "authentication", "\\bauth\\b", "secure connection",
            "security", "not authori[sz]ed", "unauthori[sz]ed", "authenticate");
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
        String command = e.command() != null ? e.command() : smtpCommand(e.diagnostic());
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
        if (mta.startsWith("x-unix") && MAILER_STRONG.matcher(text).find() || MAILER_STRONG.matcher(text).find()) {
            return new Verdict(BounceReason.MAILER_ERROR, "local delivery program failed");
        }
        if (NOT_COMPLIANT.matcher(text).find()) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "message content refused (format or virus)");
        }
        if (SPAM_STRONG.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "spam detected");
        }
        if (byCode == BounceReason.CONTENT_FILTERED && status.charAt(2) == '6') {
            return new Verdict(BounceReason.CONTENT_FILTERED, "media error " + status);
        }
        if (HOST_STRONG.matcher(text).find()) {
            return new Verdict(BounceReason.HOST_UNKNOWN, "the domain accepts no mail");
        }
        if (BLOCK_LISTS.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "sender on a block list or of bad reputation");
        }
        if (RATE_STRONG.matcher(text).find()) {
            return new Verdict(BounceReason.RATE_LIMITED, "too many messages or connections");
        }
        if (byCode == BounceReason.SECURITY_ERROR || AUTH_FAILURE.matcher(text).find()) {
            return new Verdict(BounceReason.SECURITY_ERROR, "sender authentication (SPF, DKIM, DMARC) failed");
        }
        if (isSenderCode(status) || SENDER_REJECTED.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "the envelope sender was refused");
        }
        // 2. The address: by code unless the words say the sender was refused, or by words.
        if (byCode == BounceReason.USER_UNKNOWN && !SPAM_DETECTED.matcher(text).find()) {
            return new Verdict(BounceReason.USER_UNKNOWN, "no such user");
        }
        if (byCode == BounceReason.HOST_UNKNOWN && !DNS_TROUBLE.matcher(text).find()) {
            return new Verdict(BounceReason.HOST_UNKNOWN, "no such domain, or it accepts no mail");
        }
        boolean userWords = USER_UNKNOWN.matcher(text).find();
        // 5.2.0/5.2.1 "user unknown": the address when it was refused at RCPT, else the recipient's filter.
        if (byCode == BounceReason.CONTENT_FILTERED && (CONTENT_FILTERED.matcher(text).find() || userWords && !"RCPT".equals(command))) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "refused by the recipient's filter");
        }
        if (userWords && !SPAM_DETECTED.matcher(text).find()) {
            // "User unknown" after the message was sent (DATA) is the recipient's filter speaking.
            return "DATA".equals(command) ? new Verdict(BounceReason.CONTENT_FILTERED, "refused by the recipient's filter after DATA")
                    : new Verdict(BounceReason.USER_UNKNOWN, "no such user");
        }
        if (SPAM_DETECTED.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "spam detected");
        }
        if (CONTENT_FILTERED.matcher(text).find()) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "content or recipient filter");
        }
        if (DNS_TROUBLE.matcher(text).find()) {
            return new Verdict(BounceReason.NETWORK_ERROR, "DNS failure");
        }
        if (HOST_UNKNOWN.matcher(text).find()) {
            return new Verdict(BounceReason.HOST_UNKNOWN, "no such domain, or it accepts no mail");
        }
        if (RATE_LIMITED.matcher(text).find() || byCode == BounceReason.RATE_LIMITED) {
            return new Verdict(BounceReason.RATE_LIMITED, "too many messages or connections");
        }
        if (byCode == BounceReason.BLOCKED || BLOCKED_SENDER.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "sender blocked (reputation, block list or policy)");
        }
        // 3. A specific code, unless it is one of the vague ones the words explain better.
        if (byCode != null && byCode != BounceReason.SYSTEM_ERROR && byCode != BounceReason.NETWORK_ERROR
                && byCode != BounceReason.EXPIRED) {
            return new Verdict(byCode, "status " + status);
        }
        // 4. The weaker texts.
        if (MAILER_ERROR.matcher(text).find()) {
            return new Verdict(BounceReason.MAILER_ERROR, "local delivery program failed");
        }
        if (NETWORK_ERROR.matcher(text).find()) {
            return new Verdict(BounceReason.NETWORK_ERROR, "network or routing failure");
        }
        if (SYSTEM_ERROR.matcher(text).find()) {
            return new Verdict(BounceReason.SYSTEM_ERROR, "receiving system failed");
        }
        if (EXPIRED.matcher(text).find()) {
            return new Verdict(BounceReason.EXPIRED, "undeliverable after the retries");
        }
        if (byCode != null) {
            return new Verdict(byCode, "status " + status);
        }
        if (status != null && (status.startsWith("5.6") || status.startsWith("4.6"))) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "media error " + status);
        }
        if (status != null && (status.startsWith("5.7") || status.startsWith("4.7")) || SECURITY_WORDS.matcher(text).find()) {
            return new Verdict(BounceReason.SECURITY_ERROR, "security or policy status " + (status == null ? "" : status));
        }
        if (RECIPIENT_REJECTED.matcher(text).find()) {
            return new Verdict(BounceReason.USER_UNKNOWN, "recipient address rejected");
        }
        if (mta.startsWith("x-unix") || mta.startsWith("x-postfix")) {
            return new Verdict(BounceReason.MAILER_ERROR, "local delivery program failed");
        }
        String action = e.action() == null ? "" : e.action().toLowerCase(Locale.ROOT);
        if (action.startsWith("delayed") || action.startsWith("expired")) {
            return new Verdict(BounceReason.EXPIRED, "still undelivered after retries");
        }
        if ("EHLO".equals(command) || "CONN".equals(command)) {
            return new Verdict(BounceReason.BLOCKED, "refused at connection or greeting");
        }
        if (reply != null && reply.startsWith("50")) {
            return new Verdict(BounceReason.SYSTEM_ERROR, "SMTP syntax or sequence error " + reply);
        }
        if (VACATION.matcher(text).find()) {
            return new Verdict(BounceReason.VACATION, "auto-reply");
        }
        return new Verdict(BounceReason.UNKNOWN, status == null ? "unspecific failure" : "unspecific status " + status);
    }

    private static boolean isSenderCode(String status) {
        return status != null && (status.endsWith(".1.7") || status.endsWith(".1.8"));
    }

    /**
     * The SMTP command the remote server was answering, from the report's words: Postfix "(in
     * reply to RCPT TO command)", Exim "after end of data", a Sendmail transcript ("&gt;&gt;&gt; DATA"
     * followed by "&lt;&lt;&lt; 550 ..."). One of CONN, EHLO, MAIL, RCPT, DATA, or null.
     */
    public static String smtpCommand(String text) {
        if (text == null) {
            return null;
        }
        String lower = text.length() > 4 * MAX_TEXT ? text.substring(0, 4 * MAX_TEXT).toLowerCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
        String last = null;
        int start = 0;
        while (start < lower.length()) {
            int end = lower.indexOf('\n', start);
            if (end < 0) {
                end = lower.length();
            }
            String line = lower.substring(start, end).strip();
            start = end + 1;
            if (line.startsWith(">>> ")) {
                last = command(line.substring(4));
            } else if (line.startsWith("<<< 4") || line.startsWith("<<< 5")) {
                if (last != null) {
                    return last;
                }
            }
            for (String marker : new String[] {"in reply to ", " after ", "while sending ", " for "}) {
                int i = line.indexOf(marker);
                while (i >= 0) {
                    String c = command(line.substring(i + marker.length()));
                    if (c != null && (!marker.equals(" for ") || line.startsWith("smtp error from remote server for"))) {
                        return c;
                    }
                    i = line.indexOf(marker, i + 1);
                }
            }
            if (line.contains("while receiving the initial server greeting") || line.contains("while connecting")) {
                return "CONN";
            }
        }
        return last;
    }

    private static String command(String s) {
        if (s.startsWith("rcpt")) {
            return "RCPT";
        }
        if (s.startsWith("mail from") || s.startsWith("mail")) {
            return "MAIL";
        }
        if (s.startsWith("end of data") || s.startsWith("data") || s.startsWith("message text") || s.startsWith("text command")
                || s.startsWith("end of message") || s.startsWith("bdat")) {
            return "DATA";
        }
        if (s.startsWith("ehlo") || s.startsWith("helo") || s.startsWith("the helo") || s.startsWith("the ehlo")) {
            return "EHLO";
        }
        if (s.startsWith("initial greeting") || s.startsWith("connect")) {
            return "CONN";
        }
        return null;
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
                case 0 -> cls == 5 ? BounceReason.CONTENT_FILTERED : null;
                case 4 -> BounceReason.CONTENT_FILTERED;
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
        String flat = SPACES.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return CONTINUATION.matcher(flat).replaceAll(" ");
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
        return List.of(NOT_COMPLIANT, SPAM_STRONG, BLOCK_LISTS, RATE_STRONG, MAILER_STRONG, HOST_STRONG, RECIPIENT_REJECTED, MAILBOX_FULL, MESSAGE_TOO_BIG, SUSPENDED, HAS_MOVED, RELAY_DENIED, AUTH_FAILURE, SENDER_REJECTED, USER_UNKNOWN, DNS_TROUBLE,
                CONTENT_FILTERED, BLOCKED_SENDER, SPAM_DETECTED, HOST_UNKNOWN, RATE_LIMITED, SYSTEM_ERROR, NETWORK_ERROR,
                EXPIRED, MAILER_ERROR, SECURITY_WORDS, VACATION, TEMPORARY);
    }
}
