package com.verdictdigest.bounces;

import com.verdictdigest.mail.UnsubscribeByMail;
import org.springframework.stereotype.Component;

/**
 * Whether mail to {@code unsubscribe+TOKEN@domain} is read: by the bounce mailbox's poller or the
 * unsubscribe mailbox's. Decided by the configuration, not by the process: {@code send start} in a
 * shell renders the same List-Unsubscribe as {@code serve}, whose poller reads the replies.
 */
@Component
class UnsubscribeMailboxes implements UnsubscribeByMail {

    private final boolean read;

    UnsubscribeMailboxes(BounceProperties bounces, UnsubscribeMailboxProperties unsubscribes) {
        this.read = bounces.enabled() || unsubscribes.enabled();
    }

    @Override
    public boolean isRead() {
        return read;
    }
}
