package com.verdictdigest.bounces;

/** A message in the bounce mailbox (or an imported file) that is not a readable mail message. */
public class UnparseableMessageException extends Exception {

    public UnparseableMessageException(String reason) {
        super(reason);
    }

    public UnparseableMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
