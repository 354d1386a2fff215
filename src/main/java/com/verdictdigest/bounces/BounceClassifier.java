package com.verdictdigest.bounces;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reason of a failure (see {@link BounceReason} for the taxonomy) from the evidence a report
 * gives: the remote server's words, the RFC 3463 enhanced status code, the SMTP reply code, the
 * SMTP command the server was answering, the report's action, the reporting MTA's format and the
 * remote host.
 *
 * <p>The order of the checks is the point, and it follows the reference classifier's (Sisimai):
 * <ol>
 * <li>the remote host's own codes ({@link ProviderRules}: Microsoft, Google, Yahoo, Orange...);</li>
 * <li>the recipient-side reasons the words or the status name at once: mailbox full, too big,
 * suspended, moved, relaying refused, sender authentication;</li>
 * <li>the address: user unknown by status (x.1.1), or by words when the server refused the
 * recipient at RCPT TO; the same words at any other step (after DATA, or at a step the report
 * does not name) are the recipient's filter speaking, as is a 5.2.0/5.2.1 status with such words;</li>
 * <li>the sender-side reasons: no PTR, not RFC compliant, bad reputation, the envelope sender
 * refused, then an unknown domain, spam (only after DATA), rate limits, a block;</li>
 * <li>the status code's own meaning when it is specific, else the weaker words (system, network,
 * expired, security, mailer) and the code's class, the action (delayed) and the command
 * (refused at EHLO);</li>
 * <li>what is left is unknown.</li>
 * </ol>
 * Every pattern runs on one normalised line of at most {@value #MAX_TEXT} characters in which mail
 * addresses, URLs and host names are masked ({@link TextScan#maskNames}), and is built of literals
 * and bounded gaps, so each check is linear in the text.
 */
public final class BounceClassifier {

    /** An enhanced status code in free text: 5.1.1, 4.2.2, 5.7.606 (not part of a version or IP). */
    static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?!\\d|\\.\\d)");
    /** A basic SMTP reply code at the start of a reply line: "550 ", "452-". */
    static final Pattern BASIC = Pattern.compile("(?<![\\w.#-])([245]\\d\\d)(?=[ -]|$)");
    private static final int MAX_TEXT = 8192;
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Cntrl}]+");
    /** The code prefix of a continued reply line ("550-5.7.1 "), which splits the server's sentence. */
    private static final Pattern CONTINUATION = Pattern.compile(" [245]\\d\\d[- ](?:[245]\\.\\d{1,3}\\.\\d{1,3} )?");

    /**
     * Everything known about one failed recipient. Any field may be null.
     *
     * @param status          the enhanced status code ("5.1.1")
     * @param replyCode       the SMTP reply code ("550")
     * @param diagnostic      the remote server's reply or the report's explanation
     * @param action          the DSN action ("failed", "delayed")
     * @param mta             the reporting MTA's format when it says something ("exim", "qmail"), or the
     *                        diagnostic type of a DSN when it is not SMTP ("x-unix", "x-postfix")
     * @param command         the SMTP command the remote server answered (CONN, EHLO, MAIL, RCPT, DATA), if known
     * @param remoteHost      the host that refused the message (Remote-MTA, "host X said"), if known
     * @param recipientDomain the domain of the failed address, if known
     * @param reportingHost   the host that wrote the report (Reporting-MTA, the mailer daemon's domain), if known
     */
    public record Evidence(String status, String replyCode, String diagnostic, String action, String mta, String command,
                           String remoteHost, String recipientDomain, String reportingHost) {
        public Evidence(String status, String replyCode, String diagnostic, String action, String mta, String command) {
            this(status, replyCode, diagnostic, action, mta, command, null, null, null);
        }

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
    static Pattern phrases(String... alternatives) {
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
            "user ~over ~quota", "mailfolder is full", "recipient ~full", "account is full", "inbox is full",
            "out of storage space", "not enough (storage|space) (in|for) ~(mailbox|account)", "storage ~(limit|quota) ~(reached|exceeded)",
            "too much mail data", "insufficient (disk )?(space|storage) ~(mailbox|user|account|recipient)");
    static final Pattern MESSAGE_TOO_BIG = phrases(
            "message (is )?too (big|large)", "mail ~too (big|large)", "message size ~exceeds", "exceeds ~(size|message) ~limit",
            "size exceeds", "message ~exceeds ~(maximum|max|fixed|size)", "(message|mail|e-?mail|data|size) ~too large", "message length exceeds",
            "line limit exceeded", "size limit", "exceeded ~size", "line too long",
            "data size exceeds", "maximum message size", "message file too big", "message is larger than", "exceeds the maximum size",
            "taille limite");
    static final Pattern SUSPENDED = phrases(
            "(account|mailbox|user|address) ~(is |has been )?\\b(disabled|suspended|deactivated|inactive|locked|frozen|terminated|blocked by the owner|archived)\\b",
            "\\b(disabled|suspended|inactive|deactivated|locked|frozen|archived) ~(account|mailbox|user|recipient)",
            "recipient ~suspended", "is not active", "no longer ~(active|in use)",
            "temporarily disabled", "has been disabled", "service ~suspended", "user (is )?suspended", "account ~(on hold|expired)",
            "mailbox unavailable: disabled", "recipient account is disabled", "is (a )?deactivated", "extended inactivity",
            "boite du destinataire archivee", "compte du destinataire est bloque");
    static final Pattern HAS_MOVED = phrases(
            "has (been )?moved", "address ~(has )?changed", "moved (to|permanently)", "user has moved", "recipient ~moved",
            "no longer on (this|the) server", "no longer on server");
    static final Pattern RELAY_DENIED = phrases(
            "relay(ing)? ~(denied|not (allowed|permitted)|prohibited|refused)", "not permitted to relay",
            "unable to relay", "we do not relay", "no relaying", "relay not permitted", "relay access denied",
            "(cannot|can't|will not|won't) relay", "relaying mail to ~not allowed", "relay ~not ~authori[sz]ed",
            "not in my list of allowed rcpthosts", "authentication required for relay", "relay rejected", "open relay",
            "mail relay denied", "invalid credentials for relay", "insecure mail relay", "configured to relay");
    static final Pattern AUTH_FAILURE = phrases(
            "\\b(spf|dkim|dmarc)\\b ~(fail|check|validation|verification|policy|reject|not pass|error|alignment|authentication)",
            "(fail|failed|failing|failure|not pass|violat\\w*|authenticate with|bad|invalid|no valid|not allowed|not permitted|per (its|it's)) ~\\b(spf|dkim|dmarc)\\b", "sender policy framework", "domainkeys",
            "is not authori[sz]ed to send", "not designated (as|to)", "designates ~as permitted", "5\\.7\\.2[0-46]",
            "does not pass (spf|dkim|dmarc)", "unauthenticated email", "email authentication", "authentication checks");
    static final Pattern USER_UNKNOWN = phrases(
            "user ~unknown", "unknown ~(user|recipient|mailbox|local ?part|e-?mail address|address)",
            "no such (user|mailbox|recipient|address|person|account|local user)", "(user|recipient|mailbox|(?<!sender )address|account)( \\S{1,40})? (does not|doesn't|does no longer|not|no longer) exists?",
            "(user|recipient|mailbox|address|account|userid) ~(not found|unknown|invalid)", "mailbox ~(is )?(unavailable|not available|inactive|invalid)",
            "invalid (recipient|mailbox|user|address|e-?mail|final delivery userid)", "(not a|no) valid (recipient|mailbox|user|address)",
            "is not a (valid|known) (user|mailbox|recipient|address)", "bad (destination )?(recipient|mailbox|user)(?! address)",
            "recipient address rejected: (user unknown|unknown user|invalid|access denied|no such|undeliverable|user .{0,40} does not exist|unknown local)",
            "recipient (not (ok|accepted|valid|local))", "(email|mail|e-mail) address ~(does not|doesn't|not) exist",
            "(could not|couldn't|cannot|can't) be found", "not present in directory", "resolver\\.adr\\.recip(ient)? ?not ?found", "recip(ient)?notfound",
            "no mailbox (here|by that name|found|available)", "no (such )?account ~(by that name|here|for)", "non-?existent (user|recipient|mailbox|address|account)",
            "not listed in ~(directory|address book|domino directory|public name)", "badrcptto",
            "mailbox ~(does not exist|doesn't exist|not present|inexistent|unavailable)",
            "destination addresses? ~(unknown|were unknown)", "#5\\.1\\.1", "no user ~(here|by that name|with that name)",
            "not a local (address|user|recipient)", "this user doesn't have a", "cannot find (your|the) (recipient|user)",
            "invalid-recipient", "userunknown", "user not ~found", "unknown or illegal alias", "addressee unknown",
            "recipient address ~(invalid|unknown)", "unknown account", "sorry, no mailbox here", "no such local user",
            "recipient does not exist", "address ~not ~(exist|known)", "mailbox not found", "does not exist in ~(directory|domain)",
            "is not a valid mailbox", "account does not exist", "address unknown", "has no (mailbox|account)",
            "adresse ~destinataire invalide", "inactive (email|e-mail) address", "no one (at|with) this address",
            "is not an active address", "address is no longer valid", "recipient not found", "tried to reach does not exist",
            "recipient address rejected\\.?( \\(|$)");
    /**
     * Mail systems' own verdicts on a local recipient (not a remote server's reply, so no SMTP step
     * applies): qmail's "no mailbox here by that name" and "does not like recipient", Domino's and
     * Notes' directory lookups, IMail's "unknown user:", Exchange's recipient resolver.
     */
    static final Pattern OWN_USER_UNKNOWN = phrases(
            "no mailbox here by that name", "domino (ディレクトリ|directory)には見つかりません", "ディレクトリのリストにありません", "not listed in ~(domino directory|public name & address book)",
            "^unknown user: ", "invalid final delivery userid", "\\(and other recipients in the same domain\\)", "user unknown in (local|virtual|relay) (recipient|mailbox|alias) table", "resolver\\.adr\\.(ex)?recip(ient)? ?not ?found", "\\(000c05a6\\)");
    /** Exim's address parser: a malformed recipient address (the reference's "SyntaxError"). */
    static final Pattern OWN_SYNTAX_ERROR = phrases("malformed address: ", "angle-brackets nested too deep", "domain missing in source-routed address");
    /** Mail systems' own verdicts on the recipient's domain (Exim's router, qmail-remote). */
    static final Pattern OWN_HOST_UNKNOWN = phrases(
            "all relevant mx records point to non-existent hosts", "unrouteable address", "all host address lookups failed permanently",
            "mx or srv record indicated no smtp service", "couldn't find any host", "couldn't find a mail exchanger");
    /** The recipient's own filter or wishes: the mail reached the mailbox's owner's rules, which refused it. */
    static final Pattern RECIPIENT_FILTER = phrases(
            "refused by (the )?recipient", "rejected by (the )?recipient", "recipient ~(refuses|refused|rejects|declined) ~(mail|messages|your)",
            "user (rejects?|refuses?)", "denied by (the )?recipient", "blocked by (the )?recipient", "recipient preferences",
            "only accepting mail from", "only accepts mail from", "not accepting any (mail|e-?mail|messages)", "due to user rules",
            "account is protected", "message filtered", "filtered by (the )?recipient", "recipient's filter", "recipient filter",
            "restricted sms", "previously bounced", "refuse to receive");
    static final Pattern PTR_MISSING = phrases(
            "\\bptr\\b", "reverse ~(dns|lookup|hostname|address|name)", "\\brdns\\b", "no (dns )?(ptr|reverse)",
            "(ip|host|address|client) ~(has no|does not have|without) ~(ptr|reverse|hostname|dns)",
            "cannot resolve your (address|ip|hostname|host name)", "(could not|cannot|can't|unable to) ~(resolve|find|look ?up) ~(your|the sender|client|hostname|host name|ip)",
            "ip name (lookup|resolution) ~(failed|failure)", "client ~(hostname|host name) ~(mismatch|does not match|not match|unknown)",
            "full circle dns", "fcrdns", "mismatches client ip", "unverifi?[yi]able sending ip");
    static final Pattern NOT_COMPLIANT = phrases(
            "rfc ?5322 compliant", "not rfc ?(5322|2822|822)", "rfc ?(5322|2822|822) ~(violation|non-?complian)", "multiple addresses in from",
            "multiple (from|sender|to|subject|date|message-id|cc) ~headers?", "duplicate header", "headers too large", "header ~(is )?(invalid|malformed|missing)",
            "missing (date|from|message-id|subject) ~header", "bare lf", "headers are not rfc", "not rfc compliant", "missing a valid");
    static final Pattern BAD_REPUTATION = phrases(
            "reputation", "sender score", "senderscore");
    static final Pattern BLOCK_LISTS = phrases(
            "blacklist", "blocklist", "block list", "black list", "spamhaus", "spamcop", "\\b(rbl|dnsbl|rbls|dnsbls|dbl|sbl|xbl)\\b",
            "sorbs", "barracudacentral", "cloudmark", "\\bcsi\\b", "proofpoint", "listed (in|on|at|by)");
    /** The envelope sender was refused (the reference's "Rejected"). */
    static final Pattern SENDER_REJECTED = phrases(
            "sender address rejected", "domain of sender address", "sender ~(domain|address) ~(does not exist|not (found|exist)|must (exist|resolve)|unknown|invalid|empty)",
            "unroutable sender", "unrouteable sender", "sender ~(verify|verification) ~(failed|rejected)", "sender (was )?rejected",
            "purported responsible address", "mail ?from ~(rejected|refused|denied)", "sender ~(is )?(on|in) ~(deny|reject|block|black)",
            "(address|domain) of sender ~(does not|doesn't|not) ~(resolve|exist)", "envelope ~sender ~(rejected|refused|invalid)",
            "invalid sender", "sender (is )?not (allowed|accepted|permitted|pre-approved)", "bad sender", "sender unknown", "unknown sender",
            "not permitted to post", "not have permission to post", "not allowed to post", "may not have permission", "user complaints", "\\btss0\\d\\b",
            "mail ?from domain", "invalid domain name", "empty envelope sender", "null sender", "no third-party dsns", "bogus mail from",
            "sender (address )?(has been )?black ?listed", "emetteur invalide", "domain is invalid", "valid from:", "sender is spammer",
            "batv", "not a registered gateway user", "returned mail not accepted", "from address or alias",
            "(email|e-mail) address is not verified", "identities failed the check", "mail from not owned", "permanently deferred",
            "unexpected volume", "unresolvable rfc");
    static final Pattern HOST_UNKNOWN = phrases(
            "host ~unknown", "unknown ~(host|domain)", "(domain|host) ~(not found|does not exist|doesn't exist|not exist|unknown|invalid|cannot be resolved|could not be resolved|unresolvable|is not reachable)",
            "no such (domain|host)", "(bad|unrouteable|unroutable) (domain|host|hostname|host name|destination system)",
            "host or domain name not found", "null mx", "no mx ", "no mx found", "indicated no smtp service",
            "mx ~(points|pointing) ~(non-?existent|invalid|nowhere)", "all relevant mx records point", "domain ~(has no|without) ~(mx|mail)",
            "unrouteable mail domain", "unrouteable address", "domain is not (served|hosted) here", "not a valid (domain|host)",
            "recipient domain ~(invalid|not found|unknown|does not exist)", "host not found", "account or domain may not exist",
            "domain ~(is )?not (configured|valid|registered)", "domain does not accept", "not accepting network messages",
            "no mail server", "domain name not found", "<\\.> does not exist", "name or service not known");
    /** The domain accepts no mail at all (RFC 7505 null MX and the like): the reference's "NotAccept". */
    static final Pattern NOT_ACCEPT = phrases(
            "null mx", "does not accept mail", "doesn't accept mail", "accepts no mail", "doesn't receive email",
            "does not receive email", "not accepting (mail|messages|e-?mail)", "no longer accepts mail", "indicated no smtp service",
            "inbounds disabled");
    static final Pattern SPAM_DETECTED = phrases(
            "\\bspam\\b", "spam ~(detected|content|score|filter|message|suspected|signature)", "junk mail", "\\bubc\\b", "\\bube\\b",
            "unsolicited", "bulk (e-?)?mail", "(message|mail|content) ~(looks|appears|classified|identified|considered|determined|scored) ~(spam|junk|like)",
            "suspicious", "phishing", "spam-like", "content rejected", "mail rejete", "spam classification", "spamsignature",
            "(scored|classified|identified|detected|flagged|considered|marked) as spam", "spam detected", "looks like spam",
            "appears to be spam", "mail content denied", "embedded in the (e-?mail|message)", "content examination");
    static final Pattern RATE_LIMITED = phrases(
            "too many ~(connections|sessions|messages|mails|emails|recipients|requests|concurrent|simultaneous|hosts|commands)", "rate ~(limit|exceeded|control)",
            "ratelimit", "throttl", "(sending|receiving|message) ~(rate|limit) ~exceeded", "exceeded ~(rate|maximum number|number of)",
            "(connection|message|send|ip|domain|sender) ~frequency", "frequency limit", "slow down", "too fast", "too quickly", "too frequent",
            "max ~(connections|messages|recipients) ~(exceeded|reached)", "greylist", "grey-list", "graylist", "gray-list",
            "receiving mail at a rate", "unusual rate", "connection limit", "too many errors", "excessive volume",
            "(sending|daily|hourly) ~(quota|limit) ~(exceeded|reached)", "threshold exceeded", "trop de connexions");
    /** The sending host was refused (block, ban, policy): the reference's "Blocked". */
    static final Pattern BLOCKED = phrases(
            "(sender|sending|client|your|source) (ip|host|server|address|network|mta)( address)? (is |was |has been )?(rejected|refused|denied|blocked|banned|not (allowed|accepted))",
            "(ip|ip address|host|client|server) (is |was |has been |are )?(blocked|banned|denied|rejected|refused|not accepted)",
            "service not available, closing transmission channel", "after initial connection", "reset by peer", "connection (was )?dropped",
            "helo command rejected", "accepting mail from your ip", "not allowed to connect", "listed as abusive", "(is|was) blocked by",
            "go away", "dynamic ips?", "open proxy", "suspiciously like spammer",
            "a problem occurred", "smtp server of your isp", "use your isp", "(cannot|can't) send e-?mail to yourself",
            "\\bblocked\\b", "\\bbanned\\b", "connection refused by", "refused to talk to me", "not accepting connections",
            "access denied, (banned|bad helo|please try)", "\\bdul\\b", "dynamic ~(ip|address|range|pool)", "residential",
            "host network not allowed", "service refuse", "adresse ip source bloquee", "refused - see", "blocked using",
            "client host rejected", "rejected by ~administrator", "not allowed to send", "ip ~(rejected|blocked)");
    /** The sending IP address itself refused, whatever else the reply mentions (a domain, "too many"). */
    static final Pattern IP_REFUSED = phrases(
            "invalid ip for sending", "messages from ~ weren't sent", "unwanted messages have been sent from", "\\bsc-00[1-4]\\b");
    /** A local or administrative policy refused the message (the reference's "PolicyViolation"). */
    static final Pattern POLICY = phrases(
            "for policy reasons", "(local|organi[sz]ation(al)?|security|site|administrative) polic(y|ies)", "denied by policy",
            "rejected (by|for|due to) policy", "organi[sz]ational settings", "members-only list", "closed mailing list", "mass mailer",
            "administrative prohibition",
            "protocol violation", "prohibited (attachment|file|content|extension)", "(attachment|extension) ~(forbidden|not allowed|prohibited)",
            "anti-spoofing", "header error");
    static final Pattern VIRUS = phrases("virus", "malware", "infected", "trojan", "worm detected");
    static final Pattern CONTENT = phrases(
            "message (header|headers|body) ~(rejected|invalid|malformed)", "(attachment|file type|extension) ~(not allowed|rejected|prohibited|blocked)",
            "8-bit ~not allowed", "message ~(contains|has) ~(invalid|illegal|forbidden)", "improper (use|format)", "mime ~(error|invalid|malformed)",
            "content ~(refused|not (allowed|accepted)|policy|violation)", "invalid characters", "message content",
            "(encoding|conversion) ~(error|failed|failure|required)");
    static final Pattern DNS_TROUBLE = phrases(
            "dns error", "dns query failed", "dns ~(failure|timeout|timed out|temporary|problem|lookup fail)",
            "name server ~(error|failure|timeout|not responding)", "host name lookup failure", "host not found, try again",
            "malformed or unexpected name server reply",
            "temporary ~(dns|lookup|name resolution) ~(failure|error)", "nameserver ~(error|failure)", "servfail");
    /** A DNS answer that may change (a lookup failed for now), unlike "no such domain". */
    static final Pattern DNS_TEMPORARY = phrases("not found, try again", "temporary ~(dns|lookup|name)", "dns ~(timeout|timed out|temporar)",
            "servfail", "name server ~(error|failure|timeout|not responding)", "malformed or unexpected name server reply");
    static final Pattern SYSTEM_ERROR = phrases(
            "system (is |was )?(temporarily )?(error|failure|problem|not available|unavailable|busy|resources|config)",
            "server (is |was )?(temporarily )?(error|failure|misconfigur|busy|unavailable|not available)",
            "(internal|local|unexpected) ~(server )?(error|failure|problem)", "service (is )?(currently|temporarily) (unavailable|not available)",
            "ldap", "(database|directory|mailstore|mail store|storage) ~(error|unavailable|failure|problem)",
            "local ~(loop|loops|looping)", "loops back to myself", "misconfigur", "configuration error", "processing error",
            "out of memory", "resources? ~(unavailable|exhausted|limit)", "insufficient system", "system (storage|disk)",
            "queue file write error", "i/o error", "internal error", "write error", "read error", "transaction failed",
            "temporary local problem", "local error", "could not load", "insufficient permission",
            "server is busy", "unable to process", "system is busy", "message is looping", "mail loop");
    static final Pattern SYSTEM_FULL = phrases(
            "insufficient (disk )?(space|storage)", "not enough (disk )?(space|storage)", "out of (disk )?(space|storage)",
            "no space left", "disk full", "mail system full", "system storage");
    static final Pattern NETWORK_ERROR = phrases(
            "network ~(error|unreachable|failure|down)", "no route to host", "routing loop", "too many hops", "hop count",
            "mail for ~loops", "while performing the (helo|ehlo) handshake", "while receiving the initial (server )?greeting",
            "tls ~(handshake|negotiation) ~(fail|error)", "ssl ~(handshake|error)", "broken pipe", "unexpected end of file",
            "lost connection", "connection ~(reset|closed|dropped|lost)", "could not establish", "wasn't able to establish",
            "unable to establish", "failed to establish", "malformed or unexpected name server reply", "exceeded \\d+ hops",
            "dns lookup failure", "dns error");
    static final Pattern EXPIRED = phrases(
            "retry time(out)? ~(exceeded|not reached)", "(queue|queued) ~(too long|for too long|timeout|expired|lifetime)", "too long in (the )?queue",
            "(delivery|message|mail) ~(expired|timed out|time expired|timeout)", "(giving|gave|have given) up", "could not be delivered (within|for|in) ~(days|hours)",
            "\\bexpired\\b", "undeliverable for", "was not delivered within", "maximum (time|retries|retry)",
            "retry (limit|period|count) ~(exceeded|reached|expired)", "delivery attempts? ~(failed|exhausted|exceeded|expired)", "failed \\d+ attempts",
            "unable to deliver ~(for|within) ~(days|hours)", "in the queue too long", "time limit ~exceeded",
            "connection ~(timed out|timeout|refused)", "timed out", "did not accept our requests to connect", "not reachable", "unreachable",
            "could not connect", "can't connect", "cannot connect", "unable to connect", "failed to connect", "host ~(is down|not responding)",
            "failing for a long time", "has been frozen", "frozen on arrival", "still undelivered after", "not yet been delivered", "could not find a gateway",
            "aborted after \\S{1,6} (hour|day)");
    static final Pattern MAILER_ERROR = phrases(
            "command (died|failed|not found|exited|output)", "pipe to ~(failed|returned)",
            "(exit|exited with|returned) ~(status|code) ~\\d", "delivery to (program|pipe|file) ~fail", "\\|\\s?/", "procmail",
            "mailer ~(error|failure)", "local delivery ~(failed|error)", "unknown mailer error", "service unavailable: command",
            "(can't|cannot|could not|couldn't) ~(execute|exec)", "child process", "x-unix", "mail\\.local");
    static final Pattern MAILER_STRONG = phrases("procmail", "pipe to \\|", "command (died|failed)", "unknown mailer error", "mail\\.local");
    static final Pattern SECURITY_WORDS = phrases(
            "\\btls\\b", "starttls", "encryption", "certificate", "authentication", "\\bauth\\b", "secure connection",
            "security (policy|requirement|check)", "not authori[sz]ed", "unauthori[sz]ed", "authenticate", "password", "unauthenticated");
    static final Pattern VACATION = phrases(
            "out of (the )?office", "on vacation", "on holiday", "away from (my|the) (office|desk)", "auto(matic)?[ -]?(reply|response)",
            "i am (currently )?(away|out)", "i'm (currently )?(away|out)", "vacation");

    /** Classifies a failure from a status code and the remote server's words. */
    public static Verdict classify(String status, String diagnostic) {
        return classify(Evidence.of(status, diagnostic));
    }

    public static Verdict classify(Evidence e) {
        String full = normalise(e.diagnostic());
        String text = TextScan.maskNames(full);
        String status = e.status() == null ? null : enhancedCodeIn(e.status()).orElse(null);
        String reply = e.replyCode() != null ? e.replyCode() : basicCodeIn(e.diagnostic()).orElse(null);
        if (status == null && reply != null) {
            status = reply.charAt(0) + ".0.0";
        }
        if (status != null && status.startsWith("2")) {
            return new Verdict(BounceReason.NOT_A_BOUNCE, "delivered");
        }
        String mta = e.mta() == null ? "" : e.mta().toLowerCase(Locale.ROOT);
        String command = e.command() != null ? e.command() : smtpCommand(e.diagnostic());
        if (command == null) {
            command = commandNamedIn(e.diagnostic());
        }
        Code code = Code.of(status);

        Verdict provider = ProviderRules.classify(e.remoteHost(), e.recipientDomain(), e.reportingHost(), mta, status, command, full);
        if (provider != null) {
            return provider;
        }
        Verdict own = ownVerdict(text, status);
        if (own != null) {
            return own;
        }
        if (mta.equals("exim") && "EHLO".equals(command)) {
            return new Verdict(BounceReason.BLOCKED, "refused at the greeting (Exim: after HELO/EHLO)");
        }
        // A DSN whose diagnostic type is not SMTP (X-Unix, X-Postfix) is read by words and code only.
        boolean smtp = !mta.startsWith("x-");
        if (smtp) {
            Verdict v = recipientAndSender(text, status, reply, command, code);
            if (v != null) {
                return v;
            }
        }
        return byCodeAndWeakerWords(text, status, reply, command, code, mta, e.action());
    }

    /** Exchange's enhanced reason identifiers (SMTPSEND.*, RESOLVER.*, QUEUE.*), one meaning each. */
    private static final List<Map.Entry<String, BounceReason>> EXCHANGE_IDS = List.of(
            Map.entry("smtpsend.dns.nonexistentdomain", BounceReason.HOST_UNKNOWN),
            Map.entry("smtpsend.dns.mxloopback", BounceReason.NETWORK_ERROR),
            Map.entry("resolver.adr.reciplimit", BounceReason.RATE_LIMITED),
            Map.entry("resolver.adr.badprimary", BounceReason.SYSTEM_ERROR),
            Map.entry("resolver.adr.invalidinsmtp", BounceReason.SYSTEM_ERROR),
            Map.entry("resolver.adr.ambiguous", BounceReason.SYSTEM_ERROR),
            Map.entry("resolver.rst.authrequired", BounceReason.SECURITY_ERROR),
            Map.entry("resolver.rst.notauthorized", BounceReason.BLOCKED),
            Map.entry("resolver.rst.recipsizelimit", BounceReason.MESSAGE_TOO_BIG),
            Map.entry("queue.expired", BounceReason.EXPIRED));

    /** Gmail relaying its user's mail ends the remote reply with the step it failed at: "(state 18)". */
    private static final Pattern GMAIL_STATE = Pattern.compile("\\(state (\\d{1,2})\\)");

    /** Gmail's step, when the status says nothing more specific (x.0.x, x.y.0): TLS, AUTH, EHLO, RCPT, DATA. */
    private static Verdict gmailState(String text, String status) {
        if (status != null && !status.contains(".0")) {
            return null;
        }
        Matcher m = GMAIL_STATE.matcher(text);
        if (!m.find()) {
            return null;
        }
        BounceReason r = switch (m.group(1)) {
            case "6", "9" -> BounceReason.SECURITY_ERROR; // STARTTLS missing or failed
            case "8" -> BounceReason.SYSTEM_ERROR; // the remote server refused Gmail's AUTH
            case "12", "13" -> BounceReason.BLOCKED; // relaying, or refused at EHLO
            case "14" -> BounceReason.USER_UNKNOWN; // refused at RCPT TO
            case "15", "17", "18" -> BounceReason.CONTENT_FILTERED; // refused after DATA
            default -> null;
        };
        return r == null ? null : new Verdict(r, "Gmail's relay step (state " + m.group(1) + ")");
    }

    /** A mail system's own verdict on a local recipient or domain: no SMTP step or remote wording applies. */
    private static Verdict ownVerdict(String text, String status) {
        Verdict gmail = gmailState(text, status);
        if (gmail != null) {
            return gmail;
        }
        for (Map.Entry<String, BounceReason> id : EXCHANGE_IDS) {
            if (text.contains(id.getKey())) {
                return new Verdict(id.getValue(), "Exchange's " + id.getKey());
            }
        }
        if (OWN_USER_UNKNOWN.matcher(text).find() || "5.4.1".equals(status) && text.contains("recipient address rejected: access denied")) {
            // the last: Exchange's directory-based edge blocking, which refuses unknown recipients at RCPT TO
            return new Verdict(BounceReason.USER_UNKNOWN, "no such user (the mail system's own lookup)");
        }
        if (OWN_SYNTAX_ERROR.matcher(text).find()) {
            return new Verdict(BounceReason.SYSTEM_ERROR, "malformed recipient address");
        }
        if (OWN_HOST_UNKNOWN.matcher(text).find()) {
            return new Verdict(BounceReason.HOST_UNKNOWN, "no such domain (the mail system's own lookup)");
        }
        return null;
    }

    /** Steps 2 to 4: the words and status names that tell the reason outright, in the reference's order. */
    private static Verdict recipientAndSender(String text, String status, String reply, String command, Code code) {
        if (code == Code.MAILBOX_FULL || MAILBOX_FULL.matcher(text).find()) {
            return new Verdict(BounceReason.MAILBOX_FULL, "mailbox full");
        }
        if (code == Code.TOO_BIG || MESSAGE_TOO_BIG.matcher(text).find()) {
            return new Verdict(BounceReason.MESSAGE_TOO_BIG, "message too big");
        }
        if ("525".equals(reply) || SUSPENDED.matcher(text).find()) {
            return new Verdict(BounceReason.SUSPENDED, "account suspended or disabled");
        }
        if (HAS_MOVED.matcher(text).find()) {
            return new Verdict(BounceReason.HAS_MOVED, "mailbox has moved");
        }
        if (!"CONN".equals(command) && !"EHLO".equals(command) && RELAY_DENIED.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "relaying refused");
        }
        if (code == Code.AUTH || AUTH_FAILURE.matcher(text).find()) {
            return new Verdict(BounceReason.SECURITY_ERROR, "sender authentication (SPF, DKIM, DMARC) failed");
        }
        boolean userWords = USER_UNKNOWN.matcher(text).find();
        if (code == Code.USER_UNKNOWN && !otherThanTheAddress(text)) {
            return new Verdict(BounceReason.USER_UNKNOWN, "no such user (status " + status + ")");
        }
        if ("RCPT".equals(command) && userWords) {
            return new Verdict(BounceReason.USER_UNKNOWN, "no such user (refused at RCPT TO)");
        }
        // "User unknown" said after the message was sent, or at a step the report does not name, is
        // the recipient's filter (the reference's "Filtered"); so are 5.2.0/5.2.1 with such words.
        if (code != Code.SUSPENDED && code != Code.REJECTED) {
            boolean filterWords = RECIPIENT_FILTER.matcher(text).find();
            if (code == Code.FILTERED && (userWords || filterWords)) {
                return new Verdict(BounceReason.CONTENT_FILTERED, "refused by the recipient's filter (status " + status + ")");
            }
            if (!beforeData(command) && (userWords || filterWords)) {
                return new Verdict(BounceReason.CONTENT_FILTERED, command == null
                        ? "refused by the recipient's filter (no user unknown at RCPT TO)" : "refused by the recipient's filter after DATA");
            }
        }
        if (code == Code.PTR || PTR_MISSING.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "the sending host has no (matching) PTR record");
        }
        if (NOT_COMPLIANT.matcher(text).find()) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "message not RFC 5322 compliant");
        }
        if (BAD_REPUTATION.matcher(text).find() || IP_REFUSED.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "bad reputation of the sender");
        }
        if (code == Code.REJECTED || senderRefused(text, command, code)) {
            return new Verdict(BounceReason.BLOCKED, "the envelope sender was refused");
        }
        if (code == Code.HOST_UNKNOWN ? !DNS_TROUBLE.matcher(text).find() && !NETWORK_ERROR.matcher(text).find()
                : HOST_UNKNOWN.matcher(text).find() && !DNS_TEMPORARY.matcher(text).find()) {
            return new Verdict(BounceReason.HOST_UNKNOWN, "no such domain, or it accepts no mail");
        }
        if (!beforeData(command) && VIRUS.matcher(text).find()) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "virus detected");
        }
        if (code == Code.SPAM || !beforeData(command) && SPAM_DETECTED.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "spam detected");
        }
        if (code == Code.RATE || RATE_LIMITED.matcher(text).find()) {
            return new Verdict(BounceReason.RATE_LIMITED, "too many messages or connections");
        }
        if (code == Code.BLOCKED || BLOCKED.matcher(text).find() || BLOCK_LISTS.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "sender blocked (block list, ban or policy)");
        }
        return null;
    }

    /** Step 5: a specific status, else the weaker words, the code's class, the action, the command. */
    private static Verdict byCodeAndWeakerWords(String text, String status, String reply, String command, Code code, String mta,
                                                String action) {
        if (!mta.startsWith("x-") && code != null && !code.vague) {
            return new Verdict(code.reason, "status " + status);
        }
        if (MAILBOX_FULL.matcher(text).find()) {
            return new Verdict(BounceReason.MAILBOX_FULL, "mailbox full");
        }
        if (AUTH_FAILURE.matcher(text).find()) {
            return new Verdict(BounceReason.SECURITY_ERROR, "sender authentication (SPF, DKIM, DMARC) failed");
        }
        if (BAD_REPUTATION.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "bad reputation of the sender");
        }
        if (RATE_LIMITED.matcher(text).find()) {
            return new Verdict(BounceReason.RATE_LIMITED, "too many messages or connections");
        }
        if (SPAM_DETECTED.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "spam detected");
        }
        if (VIRUS.matcher(text).find()) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "virus detected");
        }
        if (POLICY.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "refused by policy");
        }
        if (RELAY_DENIED.matcher(text).find()) {
            return new Verdict(BounceReason.BLOCKED, "relaying refused");
        }
        if (MAILER_STRONG.matcher(text).find()) {
            return new Verdict(BounceReason.MAILER_ERROR, "local delivery program failed");
        }
        if (SYSTEM_ERROR.matcher(text).find() || SYSTEM_FULL.matcher(text).find()) {
            return new Verdict(BounceReason.SYSTEM_ERROR, "receiving system failed");
        }
        if (NETWORK_ERROR.matcher(text).find() || DNS_TROUBLE.matcher(text).find()) {
            return new Verdict(BounceReason.NETWORK_ERROR, "network or routing failure");
        }
        if (SUSPENDED.matcher(text).find()) {
            return new Verdict(BounceReason.SUSPENDED, "account suspended or disabled");
        }
        if (CONTENT.matcher(text).find() || NOT_COMPLIANT.matcher(text).find()) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "message content refused");
        }
        if (NOT_ACCEPT.matcher(text).find()) {
            return new Verdict(BounceReason.HOST_UNKNOWN, "the domain accepts no mail");
        }
        if (EXPIRED.matcher(text).find()) {
            return new Verdict(BounceReason.EXPIRED, "undeliverable after the retries");
        }
        if (SECURITY_WORDS.matcher(text).find()) {
            return new Verdict(BounceReason.SECURITY_ERROR, "security requirement not met");
        }
        if (MAILER_ERROR.matcher(text).find()) {
            return new Verdict(BounceReason.MAILER_ERROR, "local delivery program failed");
        }
        if (code != null) {
            return new Verdict(code.reason, "status " + status);
        }
        if (status != null && (status.startsWith("5.6") || status.startsWith("4.6"))) {
            return new Verdict(BounceReason.CONTENT_FILTERED, "media error " + status);
        }
        if (status != null && (status.startsWith("5.7") || status.startsWith("4.7"))) {
            return new Verdict(BounceReason.SECURITY_ERROR, "security or policy status " + status);
        }
        if (mta.startsWith("x-unix")) {
            return new Verdict(BounceReason.MAILER_ERROR, "local delivery program failed");
        }
        if (reply != null && (reply.startsWith("50") || reply.startsWith("40")) && reply.charAt(2) >= '1' && reply.charAt(2) <= '7') {
            return new Verdict(BounceReason.SYSTEM_ERROR, "SMTP syntax or sequence error " + reply);
        }
        String act = action == null ? "" : action.toLowerCase(Locale.ROOT);
        if (act.startsWith("delayed") || act.startsWith("expired")) {
            return new Verdict(BounceReason.EXPIRED, "still undelivered after retries");
        }
        if ("EHLO".equals(command)) {
            return new Verdict(BounceReason.BLOCKED, "refused at the greeting");
        }
        if (VACATION.matcher(text).find()) {
            return new Verdict(BounceReason.VACATION, "auto-reply");
        }
        return new Verdict(BounceReason.UNKNOWN, text.isEmpty() ? "no explanation" : "unspecific "
                + (status == null ? "failure" : "status " + status));
    }

    /** Words that, beside an x.1.1 status, say the refusal was about something else than the address. */
    private static boolean otherThanTheAddress(String text) {
        return RELAY_DENIED.matcher(text).find() || BLOCKED.matcher(text).find() || BLOCK_LISTS.matcher(text).find()
                || MAILBOX_FULL.matcher(text).find() || HAS_MOVED.matcher(text).find() || SENDER_REJECTED.matcher(text).find()
                || NOT_ACCEPT.matcher(text).find() || RECIPIENT_FILTER.matcher(text).find();
    }

    /** The envelope sender refused: such words matter at MAIL FROM, after DATA, or when the status says nothing specific. */
    private static boolean senderRefused(String text, String command, Code code) {
        if ("MAIL".equals(command) || "DATA".equals(command) && code != Code.USER_UNKNOWN
                || code == null || code.vague) {
            return SENDER_REJECTED.matcher(text).find() || "MAIL".equals(command) && generalRefusal(text);
        }
        return false;
    }

    private static final Pattern REFUSAL = phrases("^\\d{3}( \\d\\.\\d\\.\\d)? access denied");

    /** A bare refusal ("access denied") answered to MAIL FROM is about the sender. */
    private static boolean generalRefusal(String text) {
        return REFUSAL.matcher(text).find();
    }

    /** Commands before the message itself was sent: a content or recipient filter cannot have spoken yet. */
    private static boolean beforeData(String command) {
        return "CONN".equals(command) || "EHLO".equals(command) || "MAIL".equals(command) || "RCPT".equals(command);
    }

    /**
     * What an enhanced status code means by itself (RFC 3463 and the IANA registry of enhanced
     * status codes). A vague meaning (system error, security, expired, network...) gives way to
     * the server's words; a specific one (mailbox full, too big, content) does not.
     */
    enum Code {
        USER_UNKNOWN(BounceReason.USER_UNKNOWN, true),
        HOST_UNKNOWN(BounceReason.HOST_UNKNOWN, true),
        NOT_ACCEPT(BounceReason.HOST_UNKNOWN, false),
        HAS_MOVED(BounceReason.HAS_MOVED, false),
        MAILBOX_FULL(BounceReason.MAILBOX_FULL, false),
        TOO_BIG(BounceReason.MESSAGE_TOO_BIG, false),
        FILTERED(BounceReason.CONTENT_FILTERED, false),
        CONTENT(BounceReason.CONTENT_FILTERED, false),
        SUSPENDED(BounceReason.SUSPENDED, true),
        REJECTED(BounceReason.BLOCKED, false),
        BLOCKED(BounceReason.BLOCKED, false),
        SPAM(BounceReason.BLOCKED, false),
        PTR(BounceReason.BLOCKED, false),
        AUTH(BounceReason.SECURITY_ERROR, false),
        SECURITY(BounceReason.SECURITY_ERROR, true),
        RATE(BounceReason.RATE_LIMITED, false),
        SYSTEM(BounceReason.SYSTEM_ERROR, true),
        SYSTEM_FULL(BounceReason.SYSTEM_ERROR, false),
        SYNTAX(BounceReason.SYSTEM_ERROR, false),
        NETWORK(BounceReason.NETWORK_ERROR, true),
        LOOP(BounceReason.NETWORK_ERROR, false),
        EXPIRED(BounceReason.EXPIRED, true);

        final BounceReason reason;
        final boolean vague;

        Code(BounceReason reason, boolean vague) {
            this.reason = reason;
            this.vague = vague;
        }

        static Code of(String status) {
            if (status == null) {
                return null;
            }
            String[] p = status.split("\\.");
            boolean permanent = p[0].equals("5");
            int subject = Integer.parseInt(p[1]);
            int detail = Integer.parseInt(p[2]);
            return switch (subject) {
                case 1 -> switch (detail) {
                    case 0 -> permanent ? USER_UNKNOWN : null;
                    case 1, 3 -> permanent ? USER_UNKNOWN : null;
                    case 2 -> permanent ? HOST_UNKNOWN : null;
                    case 4 -> permanent ? FILTERED : null;
                    case 6 -> HAS_MOVED;
                    case 7, 8 -> REJECTED;
                    case 9 -> SYSTEM;
                    case 10 -> NOT_ACCEPT;
                    default -> null;
                };
                case 2 -> switch (detail) {
                    case 0 -> permanent ? FILTERED : null;
                    case 1 -> permanent ? FILTERED : SUSPENDED;
                    case 2 -> MAILBOX_FULL;
                    case 3 -> TOO_BIG;
                    case 4 -> FILTERED;
                    default -> null;
                };
                case 3 -> switch (detail) {
                    case 0 -> permanent ? SYSTEM : null;
                    case 1 -> SYSTEM_FULL;
                    case 2 -> NOT_ACCEPT;
                    case 3, 5 -> SYSTEM;
                    case 4 -> permanent ? TOO_BIG : null;
                    default -> null;
                };
                case 4 -> switch (detail) {
                    case 0 -> permanent ? NETWORK : null;
                    case 1, 7 -> permanent ? null : EXPIRED;
                    case 6 -> LOOP;
                    case 2, 8 -> permanent ? null : NETWORK;
                    case 3 -> SYSTEM;
                    case 4 -> permanent ? HOST_UNKNOWN : NETWORK;
                    case 5 -> permanent ? null : SYSTEM_FULL;
                    default -> null;
                };
                case 5 -> switch (detail) {
                    case 2, 6 -> permanent ? SYNTAX : null;
                    case 3 -> permanent ? RATE : SYSTEM;
                    case 4 -> permanent ? SYSTEM : null;
                    case 5 -> SYSTEM;
                    default -> null;
                };
                case 6 -> detail == 0 || detail == 2 || detail == 5 || permanent && detail <= 9 ? CONTENT : null;
                case 7 -> switch (detail) {
                    case 1, 2 -> permanent ? SECURITY : BLOCKED;
                    case 0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 19, 30 -> SECURITY;
                    case 13 -> SUSPENDED;
                    case 16 -> TOO_BIG;
                    case 17, 18 -> permanent ? HAS_MOVED : null;
                    case 20, 21, 22, 23, 24, 26, 29 -> AUTH;
                    case 25 -> PTR;
                    case 27 -> permanent ? NOT_ACCEPT : null;
                    case 28 -> permanent ? SPAM : null;
                    default -> null;
                };
                default -> null;
            };
        }
    }

    /**
     * The SMTP command the remote server was answering, from the report's words: Postfix "(in
     * reply to RCPT TO command)", Exim "after end of data", a Sendmail transcript ("&gt;&gt;&gt; DATA"
     * followed by "&lt;&lt;&lt; 550 ..."), a labelled line ("SMTP command" then "DATA"). One of CONN,
     * EHLO, MAIL, RCPT, DATA, or null.
     */
    public static String smtpCommand(String text) {
        if (text == null) {
            return null;
        }
        String lower = text.length() > 4 * MAX_TEXT ? text.substring(0, 4 * MAX_TEXT).toLowerCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
        String last = null;
        boolean labelled = false;
        int start = 0;
        while (start < lower.length()) {
            int end = lower.indexOf('\n', start);
            if (end < 0) {
                end = lower.length();
            }
            String line = lower.substring(start, end).strip();
            start = end + 1;
            if (labelled && !line.isEmpty()) {
                String c = command(line);
                if (c != null) {
                    return c;
                }
                labelled = false;
            }
            if (line.endsWith("smtp command") || line.endsWith("smtp command:")) {
                labelled = true;
                continue;
            }
            if (line.startsWith(">>> ") || line.startsWith("in: ") || line.startsWith("in:  ")) {
                last = command(line.substring(line.indexOf(' ') + 1).strip());
            } else if (line.startsWith("<<< 4") || line.startsWith("<<< 5") || line.startsWith("out: 4") || line.startsWith("out: 5")) {
                if (last != null) {
                    return last;
                }
            }
            for (String marker : new String[] {"in reply to ", " after ", "while sending ", " for ", "progress was ", "smtp:", "error following "}) {
                int i = line.indexOf(marker);
                while (i >= 0) {
                    String rest = line.substring(i + marker.length());
                    String c = command(rest);
                    if (c != null && (!marker.equals(" for ") || line.startsWith("smtp error from remote server for")
                            || rest.matches("(rcpt to|mail from|data) response.*"))) {
                        return c;
                    }
                    i = line.indexOf(marker, i + 1);
                }
            }
            if (line.contains("while receiving the initial server greeting") || line.contains("while connecting")
                    || line.contains("after initial connection")) {
                return "CONN";
            }
            if (line.contains("refused to talk to me")) {
                return "EHLO";
            }
            if (line.contains("did not like our rcpt") || line.contains("does not like recipient")
                    || line.contains("unknown recipient or mailbox unavailable ->")) {
                return "RCPT"; // qmail-remote: the reply that follows answered RCPT TO
            }
        }
        return last;
    }

    /**
     * The command a reply quotes in capitals ("RCPT TO:&lt;a@b&gt;... User unknown", "DATA: 554 ..."):
     * the latest step of the SMTP dialogue that the text names, or null. Case matters: "data" or
     * "mail" in a sentence are words, not commands.
     */
    public static String commandNamedIn(String text) {
        if (text == null) {
            return null;
        }
        String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        if (word(t, "DATA") || word(t, "BDAT")) {
            return "DATA";
        }
        if (t.contains("RCPT TO") || word(t, "RCPT")) {
            return "RCPT";
        }
        if (t.contains("MAIL FROM")) {
            return "MAIL";
        }
        if (word(t, "EHLO") || word(t, "HELO")) {
            return "EHLO";
        }
        return null;
    }

    private static boolean word(String t, String w) {
        int i = t.indexOf(w);
        while (i >= 0) {
            boolean before = i == 0 || !Character.isLetterOrDigit(t.charAt(i - 1));
            int e = i + w.length();
            boolean after = e == t.length() || !Character.isLetterOrDigit(t.charAt(e));
            if (before && after) {
                return true;
            }
            i = t.indexOf(w, e);
        }
        return false;
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
        return enhancedCodeIn(text, false);
    }

    /** The first enhanced status code in the text; with {@code failuresOnly}, the first 4.x.x or 5.x.x. */
    static Optional<String> enhancedCodeIn(String text, boolean failuresOnly) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ENHANCED.matcher(text);
        while (m.find()) {
            int subject = Integer.parseInt(m.group(2));
            if (subject <= 7 && !(failuresOnly && m.group(1).equals("2"))) {
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
     * The best status for a report: the declared one, unless the server's own code in the
     * diagnostic of the same class is more telling (the declared one is generic, x.0.0 or x.y.0, or
     * the vague 4.4.7 or 5.3.x of a relay that gave up); without any, the class of the basic reply
     * code (550 → 5.0.0).
     */
    public static String bestStatus(String declared, String diagnostic) {
        String d = enhancedCodeIn(declared).orElse(null);
        String said = enhancedCodeIn(diagnostic, true).or(() -> enhancedCodeIn(diagnostic, false)).orElse(null);
        if (d == null) {
            String reply = basicCodeIn(diagnostic).orElse(null);
            return said != null ? said : reply == null ? null : reply.charAt(0) + ".0.0";
        }
        if (said == null || said.equals(d)) {
            return d;
        }
        if (said.charAt(0) != d.charAt(0)) {
            return d; // a relay that gave up on a temporary reply: the report's class is the outcome
        }
        if (d.endsWith(".0.0")) {
            return said.endsWith(".0.0") ? d : said;
        }
        if (said.endsWith(".0.0")) {
            return d;
        }
        if (d.endsWith(".0") || d.contains(".0.")) {
            return said.endsWith(".0") || said.contains(".0.") ? d : said;
        }
        if (d.equals("4.4.7") || d.startsWith("5.3.")) {
            return said;
        }
        return d;
    }

    static List<Pattern> allPatterns() {
        return List.of(OWN_USER_UNKNOWN, OWN_HOST_UNKNOWN, OWN_SYNTAX_ERROR, MAILBOX_FULL, MESSAGE_TOO_BIG, SUSPENDED, HAS_MOVED, RELAY_DENIED, AUTH_FAILURE, USER_UNKNOWN,
                RECIPIENT_FILTER, PTR_MISSING, NOT_COMPLIANT, BAD_REPUTATION, BLOCK_LISTS, SENDER_REJECTED, HOST_UNKNOWN,
                NOT_ACCEPT, SPAM_DETECTED, RATE_LIMITED, BLOCKED, POLICY, VIRUS, CONTENT, DNS_TROUBLE, DNS_TEMPORARY, SYSTEM_ERROR,
                SYSTEM_FULL, NETWORK_ERROR, EXPIRED, MAILER_ERROR, MAILER_STRONG, SECURITY_WORDS, VACATION, REFUSAL);
    }
}
