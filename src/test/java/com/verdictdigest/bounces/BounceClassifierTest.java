package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules themselves, code by code: bad addresses are hard, the sender's own problems are soft. */
class BounceClassifierTest {

    @ParameterizedTest(name = "{0} \"{1}\" is {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            5.1.1   | 550 5.1.1 User unknown                             | HARD
            5.1.2   | 550 5.1.2 Host unknown                             | HARD
            5.1.6   | 550 5.1.6 Recipient has moved                      | HARD
            5.1.10  | 550 5.1.10 RESOLVER.ADR.RecipientNotFound          | HARD
            5.2.1   | 550 5.2.1 The email account that you tried to reach is disabled | HARD
            5.4.4   | Host or domain name not found                      | HARD
            5.1.8   | 553 5.1.8 Sender address domain does not exist     | SOFT
            5.2.2   | 552 5.2.2 Mailbox full                             | SOFT
            4.2.2   | 452-4.2.2 over quota                               | SOFT
            4.4.7   | Connection timed out                               | SOFT
            5.7.1   | 550 5.7.1 Recipient does not exist (spamhaus block) | SOFT
            5.7.26  | 550 5.7.26 Unauthenticated email is not accepted   | SOFT
            5.7.606 | 550 5.7.606 Access denied, banned sending IP        | SOFT
            5.0.0   | 550 No such user here                              | HARD
            5.0.0   | 550 Message rejected                               | SOFT
            4.0.0   | 450 user unknown, try again later (temporarily)    | SOFT
            -       | 550 Requested action not taken: mailbox unavailable, user unknown | HARD
            -       | 421 Too many connections; user unknown             | SOFT
            -       | something went wrong                               | SOFT
            """)
    void classifies(String status, String diagnostic, BounceKind expected) {
        assertThat(BounceClassifier.classify(status, diagnostic).kind()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} / \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            5.1.1   | smtp; 550 5.1.1 user unknown          | 5.1.1
            5.0.0   | smtp; 550 5.1.1 user unknown          | 5.1.1
            5.0.0   | smtp; 450 4.2.2 full                  | 5.0.0
            -       | smtp; 550-5.1.1 The email account     | 5.1.1
            -       | smtp; 554 rejected                    | 5.0.0
            -       | delivered via 10.1.2.3 version 1.2.3.4 | -
            4.4.7   | -                                     | 4.4.7
            """)
    void picksTheMostSpecificStatus(String declared, String diagnostic, String expected) {
        assertThat(BounceClassifier.bestStatus(declared, diagnostic)).isEqualTo(expected);
    }
}
