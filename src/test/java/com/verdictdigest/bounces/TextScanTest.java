package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names are not words: addresses, URLs and host names are masked before the classifier reads a reply. */
class TextScanTest {

    @ParameterizedTest(name = "\"{0}\" reads \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            550 5.1.1 <filtered@example.jp>... user unknown                | 550 5.1.1 <<@>>... user unknown
            host spam-filter.example.net[192.0.2.1] said: 550 no such user | host <.>] said: 550 no such user
            see https://example.org/reason/#filtered for details            | see <:> for details
            550 5.1.10 resolver.adr.recipientnotfound; not found           | 550 5.1.10 resolver.adr.recipientnotfound; not found
            the mailbox is full. please try later, e.g. tomorrow           | the mailbox is full. please try later, e.g. tomorrow
            """)
    void masksNamesButKeepsWordsAndCodes(String text, String masked) {
        assertThat(TextScan.maskNames(text)).isEqualTo(masked);
    }
}
