package com.verdictdigest.bounces;

/** A message that was not parsed within the time limit (its parse was interrupted). */
public class ParseTimeoutException extends UnparseableMessageException {

    public ParseTimeoutException(String reason) {
        super(reason);
    }
}
