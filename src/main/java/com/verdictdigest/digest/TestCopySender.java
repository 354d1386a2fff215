package com.verdictdigest.digest;

/**
 * How an editor's test copy leaves. The delivery feature implements it with the same message
 * builder, DKIM signer and SMTP path as the real send, so the test copy is the mail subscribers
 * will get, headers included.
 */
public interface TestCopySender {

    /**
     * @param copy    the copy, personalised with the preview's links (they unsubscribe nobody)
     * @param subject the subject line to use (marked as a test)
     * @param to      one bare address, already checked
     * @throws TestCopyNotSentException if the SMTP server did not take the message
     */
    void send(int issueNumber, PersonalMessage copy, String subject, String to);
}
