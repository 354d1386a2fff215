package com.verdictdigest.bounces;

import java.time.Duration;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * The connection to the bounce mailbox, with the configured timeouts: one way in for the poller,
 * {@code doctor} and the health check.
 */
public final class BounceMailbox {

    private BounceMailbox() {
    }

    /** A store connected and logged in; the caller closes it. */
    public static Store connect(BounceProperties properties) throws MessagingException {
        return connect(properties.protocol(), properties.host(), properties.port(), properties.user(),
                properties.password(), properties.timeout());
    }

    /** Any mailbox the poller reads (the bounce mailbox, the unsubscribe mailbox), with these timeouts. */
    public static Store connect(String protocol, String host, Integer port, String user, String password, Duration timeout)
            throws MessagingException {
        Store store = Session.getInstance(sessionProperties(protocol, timeout)).getStore(protocol);
        store.connect(host, port == null ? -1 : port, user, password);
        return store;
    }

    static Properties sessionProperties(String p, Duration timeout) {
        String ms = Long.toString(timeout.toMillis());
        Properties props = new Properties();
        props.setProperty("mail." + p + ".connectiontimeout", ms);
        props.setProperty("mail." + p + ".timeout", ms);
        props.setProperty("mail." + p + ".writetimeout", ms);
        if (p.endsWith("s")) {
            props.setProperty("mail." + p + ".ssl.checkserveridentity", "true");
        }
        return props;
    }
}
