package com.verdictdigest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up warm-up runs the real build and signing code, and leaves nothing of its sample behind. */
class SendPathWarmupTest {

    @Test
    void itBuildsAndSignsTheSampleWithTheConfiguredKeyAndForgetsTheSampleIssue(@TempDir Path dir) throws Exception {
        KeyPair pair = DkimKeys.generate();
        Path key = dir.resolve("k.pem");
        Files.writeString(key, DkimKeys.privatePem(pair));
        DkimSigning dkim = new DkimSigning(new DkimProperties(true, "mail", key, null), MessageBuilderTest.SENDER);
        MessageBuilder builder = com.verdictdigest.support.Identity.messageBuilder(MessageBuilderTest.SENDER, MessageBuilderTest.SITE, MessageBuilderTest.NOW_CLOCK, dkim);

        assertThat(new SendPathWarmup(builder, dkim).run()).isEqualTo(SendPathWarmup.MESSAGES);
        assertThat(builder.cachedIssues()).isEmpty();

        // What it warmed is what sends: its sample signs and verifies like any copy.
        PreparedMessage sample = builder.build(jakarta.mail.Session.getInstance(new java.util.Properties()), 7,
                new ListRecipient(1, "a@example.com", null, "t1", false), MessageBuilderTest.MAIL);
        assertThat(DkimTestAccess.verifies(((PreparedMessage) dkim.newSigner().sign(sample)).raw(), pair.getPublic())).isTrue();
    }

    @Test
    void withoutDkimItStillWarmsTheBuilder() {
        DkimSigning off = new DkimSigning(com.verdictdigest.support.Config.defaults(DkimProperties.class), MessageBuilderTest.SENDER);
        MessageBuilder builder = com.verdictdigest.support.Identity.messageBuilder(MessageBuilderTest.SENDER, MessageBuilderTest.SITE, MessageBuilderTest.NOW_CLOCK, off);
        assertThat(new SendPathWarmup(builder, off).run()).isEqualTo(SendPathWarmup.MESSAGES);
    }
}
