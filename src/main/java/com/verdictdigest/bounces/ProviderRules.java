package com.verdictdigest.bounces;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.verdictdigest.bounces.BounceClassifier.Verdict;

/**
 * What the big mailbox providers mean by their own codes and sentences, applied when the remote
 * host that refused the message (or, for providers that host only their own domains, the
 * recipient's domain) is theirs. A provider's documented code outranks the generic reading of
 * its status: Google's 5.7.27 is an SPF failure, not a null MX; Orange's "LPN007_416" is an
 * unknown recipient whatever its 5.5.0 says. Sources: each provider's public postmaster pages
 * (Microsoft's Exchange Online NDR codes, Google's SMTP error reference, Yahoo's sender error
 * codes, Orange/La Poste, Spectrum's AUP codes, GoDaddy's IB codes, Cox's AUP codes, Mimecast's
 * SMTP codes, Tencent, i.ua) and the reference classifier's per-host behaviour.
 *
 * <p>All matching is {@code contains} of literals on the normalised diagnostic, or a bounded scan
 * for a code after a fixed prefix: linear in the text.
 */
final class ProviderRules {

    private ProviderRules() {
    }

    enum Provider {
        MICROSOFT(List.of("outlook.com", "hotmail.com", "live.com", "msn.com"), List.of()),
        GOOGLE(List.of("google.com", "googlemail.com"), List.of()),
        YAHOO(List.of("yahoodns.net", "yahoo.com", "yahoo.co.jp", "aol.com"), List.of()),
        APPLE(List.of("icloud.com", "apple.com", "me.com", "mac.com"), List.of("icloud.com", "me.com", "mac.com")),
        ORANGE(List.of("orange.fr", "wanadoo.fr", "laposte.net"), List.of("orange.fr", "wanadoo.fr", "laposte.net")),
        SPECTRUM(List.of("charter.net", "spectrum.net"), List.of("charter.net", "spectrum.net")),
        GODADDY(List.of("secureserver.net"), List.of()),
        COX(List.of("cox.net"), List.of("cox.net")),
        TENCENT(List.of("qq.com"), List.of("qq.com", "foxmail.com")),
        DOCOMO(List.of("docomo.ne.jp"), List.of("docomo.ne.jp")),
        KDDI(List.of("ezweb.ne.jp", "au.com"), List.of("ezweb.ne.jp", "au.com")),
        IUA(List.of("email.ua", "i.ua"), List.of("email.ua", "i.ua")),
        MIMECAST(List.of("mimecast.com"), List.of()),
        MESSAGELABS(List.of("messagelabs.com"), List.of()),
        VERIZON(List.of("vtext.com", "vzwpix.com"), List.of("vtext.com", "vzwpix.com", "vzw.com"));

        final List<String> hosts;
        final List<String> domains;

        Provider(List<String> hosts, List<String> domains) {
            this.hosts = hosts;
            this.domains = domains;
        }

        /**
         * By the remote host, else the recipient's domain (for providers hosting only their own),
         * else the report's format (Microsoft 365's NDR), else the reporting host.
         */
        static Provider of(String remoteHost, String recipientDomain, String reportingHost, String format) {
            Provider p = byHost(remoteHost);
            if (p != null) {
                return p;
            }
            if (recipientDomain != null) {
                String domain = recipientDomain.toLowerCase(Locale.ROOT);
                for (Provider q : values()) {
                    for (String d : q.domains) {
                        if (domain.equals(d) || domain.endsWith("." + d)) {
                            return q;
                        }
                    }
                }
            }
            return "office365".equals(format) ? MICROSOFT : byHost(reportingHost);
        }

        private static Provider byHost(String name) {
            if (name == null) {
                return null;
            }
            String host = name.toLowerCase(Locale.ROOT);
            for (Provider p : values()) {
                for (String h : p.hosts) {
                    if (host.equals(h) || host.endsWith("." + h)) {
                        return p;
                    }
                }
            }
            return null;
        }
    }

    /**
     * The provider's verdict, or null when the host is no known provider's or its rules say nothing.
     *
     * @param text the normalised diagnostic (lower case, one line), names not masked
     */
    static Verdict classify(String remoteHost, String recipientDomain, String reportingHost, String format, String status,
                            String command, String text) {
        Provider p = Provider.of(remoteHost, recipientDomain, reportingHost, format);
        if (p == null && any(text, "exchange online and office 365", "exchange online and microsoft 365", ".protection.outlook.com")) {
            p = Provider.MICROSOFT; // its NDR's help line names it when no host does
        }
        if (p == null || text.isEmpty()) {
            return null;
        }
        BounceReason r = switch (p) {
            case MICROSOFT -> microsoft(status, text);
            case GOOGLE -> google(status, text);
            case YAHOO -> yahoo(text);
            case APPLE -> apple(text);
            case ORANGE -> orange(text);
            case SPECTRUM -> spectrum(text);
            case GODADDY -> godaddy(text);
            case COX -> cox(text);
            case TENCENT -> tencent(text);
            case DOCOMO -> docomo(status, command, text);
            case KDDI -> kddi(text);
            case IUA -> iua(text);
            case MIMECAST -> mimecast(text);
            case MESSAGELABS -> messagelabs(text);
            case VERIZON -> verizon(text);
        };
        return r == null ? null : new Verdict(r, p.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "'s own code or wording");
    }

    private static boolean any(String text, String... literals) {
        for (String l : literals) {
            if (text.contains(l)) {
                return true;
            }
        }
        return false;
    }

    /** The third number of an enhanced code (5.7.606 → 606), or -1. */
    private static int detail(String status, String prefix) {
        if (status == null || !status.startsWith(prefix)) {
            return -1;
        }
        return Integer.parseInt(status.substring(prefix.length()));
    }

    /** Exchange Online's non-delivery codes, by status (its NDR reference lists one meaning per code); Outlook.com's sentences. */
    private static BounceReason microsoft(String status, String text) {
        if (any(text, "requested action not taken: mailbox unavailable")) {
            return BounceReason.USER_UNKNOWN; // Outlook.com (Hotmail): no such mailbox
        }
        if (any(text, "because the domain is not reachable")) {
            return BounceReason.HOST_UNKNOWN;
        }
        if (status == null) {
            return null;
        }
        int d = detail(status, "5.7.");
        int t = detail(status, "4.7.");
        if (status.equals("5.1.10") || status.equals("5.1.1") || status.equals("5.4.1") && any(text, "recipient address rejected: access denied")) {
            return BounceReason.USER_UNKNOWN; // recipient not found, incl. directory-based edge blocking
        }
        if (status.equals("5.2.2") || status.equals("4.2.2")) {
            return BounceReason.MAILBOX_FULL;
        }
        if (status.equals("5.2.3") || status.equals("5.3.4")) {
            return BounceReason.MESSAGE_TOO_BIG;
        }
        if (status.equals("5.4.1")) {
            return BounceReason.BLOCKED; // relay access denied: the domain is not accepted here
        }
        if (d == 509 || d == 23 || t == 26 || d == 57) {
            return BounceReason.SECURITY_ERROR; // DMARC or SPF failure, client not authenticated
        }
        if (d >= 700 && d <= 749 || d == 508 || status.equals("5.1.90") || status.startsWith("5.2.12")) {
            return BounceReason.RATE_LIMITED; // tenant or sender over its limits, daily recipient limit, per-hour limit
        }
        if (d >= 504 && d <= 505 || status.equals("5.0.350") || status.equals("5.6.11")) {
            return BounceReason.CONTENT_FILTERED; // refused by the recipient's transport rules, malformed content
        }
        if (d == 510) {
            return BounceReason.HOST_UNKNOWN; // the recipient's domain accepts no mail over this route
        }
        if (d >= 500 && d <= 649 || t >= 500 && t <= 899 || d == 1 || d == 12 || d == 13 || d == 124 || d >= 133 && d <= 136
                || d == 750 || status.equals("5.1.8")) {
            return BounceReason.BLOCKED; // spam, banned IP or sender, bad HELO, block lists, restricted recipients, reputation
        }
        if (status.equals("5.4.14") || status.equals("5.4.6") || status.equals("4.4.6") || status.endsWith(".4.312")) {
            return BounceReason.NETWORK_ERROR; // hop count exceeded, routing loop, DNS query failed
        }
        if (status.equals("4.4.7") || status.endsWith(".4.316")) {
            return BounceReason.EXPIRED; // queue expired, connection refused until expiry
        }
        return null;
    }

    /** Gmail's SMTP error reference: status and its documented sentence; Google Workspace's own reports. */
    private static BounceReason google(String status, String text) {
        if (status == null) {
            return null;
        }
        if (any(text, "address couldn't be found", "address could not be found")) {
            return BounceReason.USER_UNKNOWN;
        }
        if (any(text, "null mx")) {
            return BounceReason.HOST_UNKNOWN;
        }
        if (any(text, "responded with code nxdomain", "domain name not found", "had no relevant answers")) {
            // Gmail retries a lookup it reports with a temporary status: only a permanent one says "no such domain".
            return status.startsWith("5") ? BounceReason.HOST_UNKNOWN : BounceReason.NETWORK_ERROR;
        }
        if (any(text, "rate that prevents additional messages", "receiving mail too quickly", "receiving mail at a rate",
                "sending quota exceeded", "sending limit exceeded", "relay limit exceeded", "has been rate limited")) {
            return BounceReason.RATE_LIMITED;
        }
        if (any(text, "account that you tried to reach is disabled", "account that you tried to reach is inactive")) {
            return BounceReason.SUSPENDED;
        }
        if (status.endsWith(".2.2") || any(text, "out of storage space", "is over quota", "email quota exceeded")) {
            return BounceReason.MAILBOX_FULL;
        }
        if (status.equals("5.2.3") || status.equals("5.3.4")) {
            return BounceReason.MESSAGE_TOO_BIG;
        }
        String code = status.substring(2);
        if (List.of("7.24", "7.26", "7.27", "7.30", "7.32").contains(code) || any(text, "fails to pass authentication checks")) {
            return BounceReason.SECURITY_ERROR; // SPF, DKIM, DMARC, alignment (Gmail uses 5.7.27 for SPF)
        }
        if (List.of("7.23", "7.25").contains(code) || any(text, "ptr record")) {
            return BounceReason.BLOCKED;
        }
        if (code.equals("7.28") || any(text, "low reputation", "unusual rate of unsolicited", "likely unsolicited",
                "ip not in whitelist", "unauthenticated email is not accepted", "mail relay denied", "mail sending denied")) {
            return BounceReason.BLOCKED;
        }
        if (any(text, "rfc 5322", "multiple addresses in from", "missing a valid", "message is malformed",
                "unicode character in a disallowed header", "encoded-word syntax")) {
            return BounceReason.CONTENT_FILTERED;
        }
        if (status.equals("5.1.1") && any(text, "does not exist")) {
            return BounceReason.USER_UNKNOWN;
        }
        if (any(text, "50 hops")) {
            return BounceReason.NETWORK_ERROR;
        }
        if (any(text, "tls required", "application-specific password", "log in with your web browser", "log in through your web browser",
                "username and password not accepted", "authentication required")) {
            return BounceReason.SECURITY_ERROR;
        }
        return null;
    }

    /** Yahoo (and AOL, on Yahoo's servers): the sentences of its sender error codes. */
    private static BounceReason yahoo(String text) {
        if (any(text, "host or domain name not found", "type=mx: malformed or unexpected name server reply")) {
            return BounceReason.HOST_UNKNOWN;
        }
        if (any(text, "this user doesn't have a", "mailbox not found")) {
            return BounceReason.USER_UNKNOWN;
        }
        if (any(text, "is no longer valid", "this mailbox is disabled")) {
            return BounceReason.SUSPENDED;
        }
        if (any(text, "requires all senders to authenticate")) {
            return BounceReason.SECURITY_ERROR;
        }
        if (any(text, "receiving mail too quickly", "max message per connection")) {
            return BounceReason.RATE_LIMITED;
        }
        if (any(text, "headers are not rfc compliant")) {
            return BounceReason.CONTENT_FILTERED;
        }
        if (any(text, "user complaints", "permanently deferred", "not accepted for policy reasons", "spamhaus",
                "unresolvable rfc", "relaying denied")) {
            return BounceReason.BLOCKED;
        }
        return null;
    }

    private static BounceReason apple(String text) {
        if (any(text, "inactive email address", "user does not exist", "unknown or illegal alias")) {
            return BounceReason.USER_UNKNOWN;
        }
        if (any(text, "no longer on server")) {
            return BounceReason.HAS_MOVED;
        }
        if (any(text, "user is over quota")) {
            return BounceReason.MAILBOX_FULL;
        }
        if (any(text, "dmarc policy", "spf and dkim")) {
            return BounceReason.SECURITY_ERROR;
        }
        if (any(text, "excessive volume")) {
            return BounceReason.RATE_LIMITED;
        }
        if (any(text, "host/domain does not accept mail")) {
            return BounceReason.HOST_UNKNOWN;
        }
        if (any(text, "spamhaus", "dnsbl-lookup", "not accepting connections", "due to local policy", "sender address rejected",
                "relay access denied")) {
            return BounceReason.BLOCKED;
        }
        return null;
    }

    /** Orange and La Poste end their replies with a code such as "LPN007_416", "OFR_506" or "OFR004_405 [405]". */
    private static final Pattern ORANGE_CODE = Pattern.compile("\\b(?:lpnaaa|lpn|ofr|ouk)(?:_|\\d{3}[-_])(\\d{3})\\b");

    private static BounceReason orange(String text) {
        Matcher m = ORANGE_CODE.matcher(text);
        if (m.find()) {
            return switch (m.group(1)) {
                case "101", "102", "103", "107", "108", "510", "999" -> BounceReason.BLOCKED; // 107, 108: "service refused" to the sending host
                case "104" -> BounceReason.RATE_LIMITED;
                case "305", "402" -> BounceReason.SECURITY_ERROR;
                case "401", "517" -> BounceReason.SECURITY_ERROR; // SPF, DMARC
                case "403", "405", "415", "421" -> BounceReason.BLOCKED; // invalid sender
                case "416" -> BounceReason.USER_UNKNOWN;
                case "417" -> BounceReason.MAILBOX_FULL;
                case "420", "426" -> BounceReason.SUSPENDED; // archived or blocked recipient account
                case "505" -> BounceReason.SYSTEM_ERROR;
                case "506", "630" -> BounceReason.BLOCKED; // spam, client host rejected
                case "514" -> BounceReason.MESSAGE_TOO_BIG;
                default -> BounceReason.UNKNOWN; // "service refused, please try later": nothing more said
            };
        }
        if (any(text, "spf/dns de votre nom de domaine")) {
            return BounceReason.SECURITY_ERROR;
        }
        return null;
    }

    /** The four digits after "AUP#" and its letters ("AUP#In-1310"), or -1. */
    private static int aupNumber(String text) {
        int i = text.indexOf("aup#");
        if (i < 0) {
            return -1;
        }
        int j = i + 4;
        while (j < text.length() && j < i + 12 && (Character.isLetter(text.charAt(j)) || text.charAt(j) == '-')) {
            j++;
        }
        int k = j;
        while (k < text.length() && k < j + 4 && Character.isDigit(text.charAt(k))) {
            k++;
        }
        return k - j == 4 ? Integer.parseInt(text.substring(j, k)) : -1;
    }

    /** Spectrum (Charter): "AUP#I-1310"-style codes, documented by range. */
    private static BounceReason spectrum(String text) {
        int n = aupNumber(text);
        if (n < 0) {
            return null;
        }
        if (n == 1090) {
            return BounceReason.SYSTEM_ERROR;
        }
        if (n == 1260) {
            return BounceReason.NETWORK_ERROR; // IPv6 not accepted
        }
        if (n == 1530) {
            return BounceReason.MESSAGE_TOO_BIG;
        }
        if (n >= 1300 && n <= 1490 || n == 1540 || n == 1550 || n == 1580) {
            return BounceReason.RATE_LIMITED; // connections, messages, recipients per period
        }
        if (n >= 1000 && n <= 1250 || n == 1500 || n == 1520 || n == 1560) {
            return BounceReason.BLOCKED; // IP or account blocked, no PTR, policy, block lists, spoofed sender
        }
        return null;
    }

    /** GoDaddy (secureserver.net): " IBnnn" codes, then a few sentences. */
    private static BounceReason godaddy(String text) {
        int i = text.indexOf(" ib");
        while (i >= 0) {
            if (i + 6 <= text.length() && Character.isDigit(text.charAt(i + 3)) && Character.isDigit(text.charAt(i + 4))
                    && Character.isDigit(text.charAt(i + 5))) {
                BounceReason r = switch (text.substring(i + 3, i + 6)) {
                    case "401", "508" -> BounceReason.SECURITY_ERROR;
                    case "501", "502", "705" -> BounceReason.CONTENT_FILTERED; // not RFC compliant, virus
                    case "506", "108", "212", "110", "111", "112", "113", "103", "104", "105", "106" -> BounceReason.BLOCKED;
                    case "605", "007", "101", "504", "510", "607" -> BounceReason.RATE_LIMITED;
                    default -> null;
                };
                if (r != null) {
                    return r;
                }
            }
            i = text.indexOf(" ib", i + 3);
        }
        if (any(text, "account storage limit")) {
            return BounceReason.MAILBOX_FULL;
        }
        if (any(text, "account disabled")) {
            return BounceReason.SUSPENDED;
        }
        if (any(text, "recipient not found", "account does not exist")) {
            return BounceReason.USER_UNKNOWN;
        }
        if (any(text, "in the queue too long", "delivery timeout")) {
            return BounceReason.EXPIRED;
        }
        if (any(text, "message is looping")) {
            return BounceReason.SYSTEM_ERROR;
        }
        if (any(text, "rbl reject", "spamhaus", "spam or virus content")) {
            return BounceReason.BLOCKED;
        }
        return null;
    }

    /** Cox: "AUP#CXBL"-style codes, then a few sentences. */
    private static BounceReason cox(String text) {
        int i = text.indexOf("aup#");
        if (i >= 0) {
            String code = text.substring(i + 4, Math.min(text.length(), i + 14));
            if (code.startsWith("cxdns")) {
                return BounceReason.BLOCKED; // no PTR
            }
            if (code.startsWith("cxsndr") || code.startsWith("cxthrt") || code.startsWith("cxmj")) {
                return BounceReason.SECURITY_ERROR;
            }
            if (code.startsWith("cxcnct") || code.startsWith("cxmxrt")) {
                return BounceReason.RATE_LIMITED;
            }
            if (code.startsWith("cxbl") || code.startsWith("cdrbl") || code.startsWith("ipbl") || code.startsWith("urlbl")
                    || code.startsWith("cxsmtp")) {
                return BounceReason.BLOCKED;
            }
        }
        if (any(text, "too many sessions", "message threshold exceeded", "requested action aborted: try again later")) {
            return BounceReason.RATE_LIMITED;
        }
        if (any(text, "no rdns", "dns check failure", "too many bad commands", "too many invalid recipients", "sender rejected",
                "no data before greeting", "attachment extension is forbidden")) {
            return BounceReason.BLOCKED;
        }
        if (any(text, "recipient rejected")) {
            return BounceReason.USER_UNKNOWN;
        }
        return null;
    }

    /** Tencent (QQ Mail): the sentences of its documented error list. */
    private static BounceReason tencent(String text) {
        if (any(text, "spf check failed", "dmarc check failed")) {
            return BounceReason.SECURITY_ERROR;
        }
        if (any(text, "frequency limited", "mailbox unavailable or access denied")) {
            return BounceReason.RATE_LIMITED;
        }
        if (any(text, "message too large")) {
            return BounceReason.MESSAGE_TOO_BIG;
        }
        if (any(text, "deactivated mailbox")) {
            return BounceReason.SUSPENDED;
        }
        if (any(text, "mailbox not found")) {
            return BounceReason.USER_UNKNOWN;
        }
        if (any(text, "bad address syntax")) {
            return BounceReason.SYSTEM_ERROR;
        }
        if (any(text, "suspected", "connection denied", "rejected by recipients", "spam is embedded", "content denied")) {
            return BounceReason.BLOCKED;
        }
        return null;
    }

    /**
     * NTT docomo refuses unknown users at RCPT TO, and senders the subscriber filters out after
     * DATA with the same "550 Unknown user" (its 5.2.0 reports mean the subscriber's filter).
     */
    private static BounceReason docomo(String status, String command, String text) {
        if ("5.1.1".equals(status)) {
            return BounceReason.USER_UNKNOWN;
        }
        if ("5.2.0".equals(status)) {
            return BounceReason.CONTENT_FILTERED;
        }
        if (any(text, "too much mail data")) {
            return BounceReason.MAILBOX_FULL;
        }
        if (any(text, "too many recipients")) {
            return BounceReason.RATE_LIMITED;
        }
        if (any(text, "bad sequence of commands", "command parameter not implemented")) {
            return BounceReason.SYSTEM_ERROR;
        }
        if ("5.0.0".equals(status) && "RCPT".equals(command)) {
            return BounceReason.USER_UNKNOWN;
        }
        if ("5.0.0".equals(status) && "DATA".equals(command)) {
            return BounceReason.BLOCKED; // the subscriber refuses this sender
        }
        return null;
    }

    /** au (KDDI): "550 &lt;address&gt;: User unknown" is the address; "550 : User unknown", naming none, the subscriber's filter. */
    private static BounceReason kddi(String text) {
        if (text.contains(">: user unknown")) {
            return BounceReason.USER_UNKNOWN;
        }
        if (text.contains(": : user unknown") || text.contains("550 : user unknown")) {
            return BounceReason.CONTENT_FILTERED;
        }
        return null;
    }

    /** Verizon's SMS/MMS gateways: an unknown number is a user unknown, whatever step the report names. */
    private static BounceReason verizon(String text) {
        return any(text, "no such user", "no valid recipients", "user unknown") ? BounceReason.USER_UNKNOWN : null;
    }

    /** i.ua: the reply links to "mail.i.ua/err/N", one reason per N. */
    private static BounceReason iua(String text) {
        int i = text.indexOf(".i.ua/err/");
        if (i < 0) {
            return null;
        }
        int j = i + 10;
        int k = j;
        while (k < text.length() && k < j + 2 && Character.isDigit(text.charAt(k))) {
            k++;
        }
        if (k == j) {
            return null;
        }
        return switch (Integer.parseInt(text.substring(j, k))) {
            case 1, 6, 7, 8, 9 -> BounceReason.BLOCKED; // relaying, HELO, sender, block list
            case 2 -> BounceReason.USER_UNKNOWN;
            case 3 -> BounceReason.SUSPENDED; // unused for more than three months
            case 4 -> BounceReason.MAILBOX_FULL;
            case 5 -> BounceReason.RATE_LIMITED;
            case 10 -> BounceReason.CONTENT_FILTERED; // not on the recipient's allowed list
            default -> null;
        };
    }

    /** Symantec MessageLabs (Email Security.cloud) validates recipients with "542 ... Rejected" or "No such user". */
    private static BounceReason messagelabs(String text) {
        if (any(text, "turn on smtp authentication")) {
            return BounceReason.SECURITY_ERROR;
        }
        if (any(text, "no such user", "542 ", " rejected")) {
            return BounceReason.USER_UNKNOWN;
        }
        return null;
    }

    /** Mimecast's documented SMTP replies. */
    private static BounceReason mimecast(String text) {
        if (any(text, "email rejected due to security policies")) {
            return BounceReason.CONTENT_FILTERED; // a virus or malicious content signature
        }
        if (any(text, "maximum email size exceeded")) {
            return BounceReason.MESSAGE_TOO_BIG;
        }
        if (any(text, "spf sender invalid", "dkim sender invalid", "dmarc sender invalid", "requires encryption", "requires tls",
                "high-strength ciphers", "incorrect authentication data", "submitter failed")) {
            return BounceReason.SECURITY_ERROR;
        }
        if (any(text, "ip reputation", "sender address blocked", "ip temporarily blacklisted", "envelope blocked",
                "administrative prohibition", "anti-spoofing", "host network", "blocked senders", "block policy",
                "open relay", "content examination policy")) {
            return BounceReason.BLOCKED;
        }
        if (any(text, "too many recipients", "thread limit", "account service is temporarily unavailable")) {
            return BounceReason.RATE_LIMITED;
        }
        if (any(text, "mail loop", "incorrect hostname used for inbounds")) {
            return BounceReason.NETWORK_ERROR;
        }
        if (any(text, "unable to process", "message ended early")) {
            return BounceReason.SYSTEM_ERROR;
        }
        if (any(text, "invalid recipient", "invalid address", "user unknown")) {
            return BounceReason.USER_UNKNOWN;
        }
        return null;
    }
}
