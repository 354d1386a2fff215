package com.verdictdigest.delivery;


import com.verdictdigest.mail.PersonalMail;
/**
 * What the send engine mails: one subscriber's rendering of an issue. The digest plugs in here;
 * the engine knows nothing about templates. Called from several sender threads at once.
 */
public interface IssueContent {

    /**
     * @return the recipient's copy, or null when the issue has nothing for them (their categories
     *         matched nothing): the row is skipped, nobody gets an empty digest
     * @throws RuntimeException if this recipient's copy cannot be rendered (the row fails, the send goes on)
     */
    PersonalMail render(long issueNumber, ClaimedRow recipient);
}
