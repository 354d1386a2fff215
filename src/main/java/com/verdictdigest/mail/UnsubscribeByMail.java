package com.verdictdigest.mail;

/**
 * Whether anything reads mail sent to {@code unsubscribe+TOKEN@domain}. Only then does a list
 * mail's List-Unsubscribe offer that mailto (beside the https one-click link): an opt-out method
 * that is offered must be honoured. The bounces module, which polls the mailboxes, answers.
 */
@FunctionalInterface
public interface UnsubscribeByMail {

    boolean isRead();
}
