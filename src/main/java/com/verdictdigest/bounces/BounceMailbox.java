package com.verdictdigest.bounces;

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
        Store store = Session.getInstance(sessionProperties(properties)).getStore(properties.protocol());
        store.connect(properties.host(), properties.port() == null ? -1 : properties.port(),
                properties.user(), properties.password());
        return store;
    }

    static Properties sessionProperties(BounceProperties properties) {
        String p = properties.protocol();
        String ms = Long.toString(properties.timeout().toMillis());
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
