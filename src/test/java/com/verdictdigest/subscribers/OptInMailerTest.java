package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.SqlTime;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin's opt-in mails are the sign-up's: same template, same token rules, same daily limit. */
class OptInMailerTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @StoreTest
    void adminOptInsAreTheSignUpConfirmationMailAndCountAgainstItsDailyLimit(TestDatabase db) throws Exception {
        AdminFixture f = new AdminFixture(db, smtp.getSmtp().getPort());
        long kim = f.add("kim@example.com", SubscriberStatus.PENDING, AdminFixture.NOW);
        long dave = f.add("dave@example.com", SubscriberStatus.CONFIRMED, AdminFixture.NOW);
        f.jdbc.sql("insert into confirmation_token (token_hash, subscriber_id, created_at, expires_at) values ('x', :id, :t, :t)")
                .param("id", kim).param("t", SqlTime.ts(AdminFixture.NOW.minusSeconds(3600))).update();

        assertThat(f.mailer.sendOptIns(List.of(kim, dave))).containsExactly(dave);
        f.mailer.sendOptIn(kim);

        assertThatThrownBy(() -> f.mailer.sendOptIn(kim)).isInstanceOf(OptInMailer.RefusedException.class)
                .hasMessage("already 3 confirmation mails in the last 24 hours");
        assertThatThrownBy(() -> f.mailer.sendOptIn(dave)).hasMessage("the subscriber is confirmed, not pending");
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(2);
        assertThat(mails[0].getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        assertThat(MailText.plain(mails[0])).contains("The link works for 48 hours");
    }
}
