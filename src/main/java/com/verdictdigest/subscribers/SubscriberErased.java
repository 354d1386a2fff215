package com.verdictdigest.subscribers;

/**
 * A person's data was erased (GDPR Art. 17), announced in the erasure's transaction: each module
 * that holds something of theirs deletes or scrubs it in that same transaction, so the erasure
 * happens everywhere or nowhere. Carries nothing personal, only what finds their rows.
 *
 * @param subscriberId the erased subscriber's id, or null when the address was no subscriber's
 * @param emailHash    the hex SHA-256 of the address key, as kept on the suppression list
 */
public record SubscriberErased(Long subscriberId, String emailHash) {
}
