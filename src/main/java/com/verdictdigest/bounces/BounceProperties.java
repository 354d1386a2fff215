package com.verdictdigest.bounces;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bounce mailbox ({@code verdict.delivery.bounces.*}): where bounces to the VERP Return-Path
 * land, and how it is polled. Polling runs only when {@code enabled} and not in CLI mode;
 * {@code bounces import} uses the same processing on files.
 *
 * @param enabled         poll the mailbox (default false)
 * @param protocol        imap, imaps, pop3 or pop3s (default imaps)
 * @param host            mail server host (default localhost)
 * @param port            port; null: the protocol's default
 * @param user            mailbox login
 * @param password        mailbox password
 * @param folder          IMAP folder to read (default INBOX; POP3 has only INBOX)
 * @param processedFolder IMAP folder processed messages are moved to; blank (default): deleted
 * @param pollInterval    delay between the end of one poll and the start of the next (default 5m)
 * @param initialDelay    delay before the first poll after start-up (default 30s)
 * @param maxPerPoll      at most this many messages per poll (default 500)
 * @param softBounceLimit  soft bounces in a row that suppress an address (default 3)
 * @param softBounceWindow a soft bounce more than this after the previous one starts the count
 *                         again (default 10 days: a weekly issue bouncing every week is "in a row",
 *                         one that got through in between is not)
 * @param timeout         connect and read timeout of the mail server (default 30s)
 */
@ConfigurationProperties("verdict.delivery.bounces")
public record BounceProperties(boolean enabled, String protocol, String host, Integer port, String user,
                               String password, String folder, String processedFolder, Duration pollInterval,
                               Duration initialDelay, Integer maxPerPoll, Integer softBounceLimit, Duration softBounceWindow,
                               Duration timeout) {

    public BounceProperties {
        protocol = protocol == null || protocol.isBlank() ? "imaps" : protocol.strip().toLowerCase(Locale.ROOT);
        if (!protocol.matches("imaps?|pop3s?")) {
            throw new IllegalArgumentException("verdict.delivery.bounces.protocol must be imap, imaps, pop3 or pop3s, not '"
                    + protocol + "'");
        }
        host = host == null || host.isBlank() ? "localhost" : host.strip();
        folder = folder == null || folder.isBlank() ? "INBOX" : folder;
        processedFolder = processedFolder == null || processedFolder.isBlank() ? null : processedFolder;
        if (processedFolder != null && processedFolder.equalsIgnoreCase(folder)) {
            throw new IllegalArgumentException("verdict.delivery.bounces.processed-folder must differ from the folder read ("
                    + folder + "), or every poll would read the same messages again");
        }
        pollInterval = pollInterval == null ? Duration.ofMinutes(5) : pollInterval;
        initialDelay = initialDelay == null ? Duration.ofSeconds(30) : initialDelay;
        maxPerPoll = maxPerPoll == null || maxPerPoll < 1 ? 500 : maxPerPoll;
        softBounceLimit = softBounceLimit == null || softBounceLimit < 1 ? 3 : softBounceLimit;
        softBounceWindow = softBounceWindow == null || softBounceWindow.isNegative() || softBounceWindow.isZero()
                ? Duration.ofDays(10) : softBounceWindow;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    /** Defaults only: nothing polled, 3 soft bounces suppress. */
    public static BounceProperties defaults() {
        return new BounceProperties(false, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Without the password: records print every component, and this one may end up in a log. */
    @Override
    public String toString() {
        return "BounceProperties[enabled=" + enabled + ", " + protocol + "://" + user + "@" + host
                + (port == null ? "" : ":" + port) + "/" + folder + ", pollInterval=" + pollInterval + "]";
    }

    public boolean isPop3() {
        return protocol.startsWith("pop3");
    }
}
