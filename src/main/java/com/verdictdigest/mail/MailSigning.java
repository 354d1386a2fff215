package com.verdictdigest.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Signs the sign-up mails (DKIM) as the digests are signed: the delivery feature provides it with
 * the configured key, so a confirmation mail passes the same checks as the newsletter it leads to.
 */
public interface MailSigning {

    /** Sends as it is: DKIM off. */
    MailSigning NONE = message -> message;

    /** @return the message to send (the same one when signing is off) */
    MimeMessage sign(MimeMessage message) throws MessagingException;
}
