package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.verdictdigest.support.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mbox reader's edges, and configuration mistakes refused at start-up. */
class MboxAndPropertiesTest {

    @TempDir
    Path dir;

    List<String> read(String content, int max) throws Exception {
        Path f = dir.resolve("box");
        Files.writeString(f, content, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        Mbox.read(f, (i, raw) -> out.add(new String(raw, StandardCharsets.ISO_8859_1)), max);
        return out;
    }

    @Test
    void aFromLineInsideABodyDoesNotStartAMessageUnlessAfterAnEmptyLine() throws Exception {
        List<String> messages = read("From a Mon\nSubject: one\n\nbody\nFrom here on\n\nFrom b Tue\nSubject: two\n\n>>From quoted\n", 1000);

        assertThat(messages).containsExactly("Subject: one\n\nbody\nFrom here on\n", "Subject: two\n\n>From quoted\n");
    }

    @Test
    void aHugeMessageIsCutNotLoadedWhole() throws Exception {
        String big = "From a Mon\nSubject: big\n\n" + "x".repeat(80) .concat("\n").repeat(1000) + "\nFrom b Tue\nSubject: small\n";

        List<String> messages = read(big, 1000);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).startsWith("Subject: big\n").hasSizeLessThan(1000);
        assertThat(messages.get(1)).isEqualTo("Subject: small\n");
    }

    @Test
    void aTextWithoutSeparatorsHoldsNoMessage() throws Exception {
        assertThat(read("Subject: not an mbox\n\nbody\n", 1000)).isEmpty();
    }

    @Test
    void theProcessedFolderCannotBeTheFolderRead() {
        assertThatThrownBy(() -> Config.bind(BounceProperties.class, "protocol=imap", "folder=INBOX", "processed-folder=inbox"))
                .hasStackTraceContaining("processed-folder must differ");
        assertThatThrownBy(() -> Config.bind(UnsubscribeMailboxProperties.class, "protocol=imap", "folder=INBOX",
                "processed-folder=inbox")).hasStackTraceContaining("processed-folder must differ");
    }

    @Test
    void anUnknownProtocolIsRefused() {
        assertThatThrownBy(() -> Config.bind(BounceProperties.class, "protocol=smtp"))
                .hasStackTraceContaining("must be imap, imaps, pop3 or pop3s");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        BounceProperties p = Config.bind(BounceProperties.class, "protocol=IMAPS", "host=mail.example.com", "port=993",
                "user=bounces", "password=s3cret-Pa55");
        assertThat(p.toString()).contains("imaps://bounces@mail.example.com:993").doesNotContain("s3cret-Pa55");
        UnsubscribeMailboxProperties u = Config.bind(UnsubscribeMailboxProperties.class, "protocol=IMAPS",
                "host=mail.example.com", "user=unsubscribe", "password=s3cret-Pa55");
        assertThat(u.toString()).contains("imaps://unsubscribe@mail.example.com/INBOX").doesNotContain("s3cret-Pa55");
    }
}
