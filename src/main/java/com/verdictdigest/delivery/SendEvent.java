package com.verdictdigest.delivery;

/**
 * What happened to a send, announced by delivery in the past tense and published in the same
 * transaction that changed {@code delivery_send.state}: a synchronous listener (the digest moving
 * its issue) commits or rolls back with it, so the two can never disagree, in {@code serve} and
 * in a CLI process alike.
 */
public sealed interface SendEvent permits SendStarted, SendWentOut, SendPaused, SendResumed, SendCancelled, SendFinished {

    /** The send's issue number (a digest issue's number when the digest started it). */
    long issueNumber();
}
