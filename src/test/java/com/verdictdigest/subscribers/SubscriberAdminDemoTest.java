package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;

class SubscriberAdminDemoTest {

    @Test
    void demoReadersGiveTheChartAHistoryAndASecondRunAddsNothing() {
        AdminFixture f = new AdminFixture(TestDatabase.H2, 1);
        SubscriberAdminDemo demo = new SubscriberAdminDemo(f.repository, f.suppressions, f.tx, f.clock);

        assertThat(demo.seed()).contains("80");
        assertThat(demo.seed()).contains("already there");

        var counts = f.repository.countByStatus();
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(80);
        assertThat(counts.get(SubscriberStatus.BOUNCED)).isEqualTo(1);
        assertThat(counts.get(SubscriberStatus.COMPLAINED)).isEqualTo(1);
        SubscriberGrowth.Series s = new SubscriberGrowth(f.repository, f.clock).lastDays(90);
        assertThat(s.counts().get(SubscriberStatus.CONFIRMED).get(0)).isZero();
        assertThat(s.counts().get(SubscriberStatus.CONFIRMED).get(89)).isEqualTo(counts.get(SubscriberStatus.CONFIRMED));
        assertThat(s.counts().get(SubscriberStatus.PENDING).get(89)).isEqualTo(counts.get(SubscriberStatus.PENDING));
        assertThat(f.suppressions.isSuppressed(EmailAddress.parse("reader17@example.com"))).isTrue();
    }
}
