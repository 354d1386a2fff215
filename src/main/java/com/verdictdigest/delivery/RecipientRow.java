package com.verdictdigest.delivery;

import java.util.List;

import com.verdictdigest.mail.ListRecipient;

/**
 * A claimed ledger row with what rendering needs to know about its subscriber.
 *
 * @param ledgerId      the delivery_ledger row
 * @param categories    the categories the subscriber follows; null means all
 * @param stillConfirmed false if the subscriber left (unsubscribed, bounced...) after the send started
 */
public record RecipientRow(long ledgerId, long issueNumber, long subscriberId, String email, String name,
                           String token, List<String> categories, boolean textOnly, boolean stillConfirmed,
                           int attempts) {

    /** The row as the message builder needs it. */
    public ListRecipient asListRecipient() {
        return new ListRecipient(subscriberId, email, name, token, textOnly);
    }
}
