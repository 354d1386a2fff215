package com.verdictdigest.delivery;

import java.util.List;

import com.verdictdigest.mail.ListRecipient;

/**
 * A ledger row a sender has claimed, with what rendering needs to know about its subscriber (read
 * from subscribers' {@code subscriber_recipient} view when it was claimed).
 *
 * @param ledgerId      the delivery_ledger row
 * @param categories    the categories the subscriber follows; null means all
 * @param showVotes     the subscriber wants the Ship/Skip vote links in their copy
 * @param stillConfirmed false if the subscriber left (unsubscribed, bounced...) after the send started
 */
public record ClaimedRow(long ledgerId, long issueNumber, long subscriberId, String email, String name,
                         String token, List<String> categories, boolean textOnly, boolean showVotes,
                         boolean stillConfirmed,
                         int attempts) {

    /** The row as the message builder needs it. */
    public ListRecipient asListRecipient() {
        return new ListRecipient(subscriberId, email, name, token, textOnly);
    }
}
