package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import com.verdictdigest.delivery.Deliveries;
import com.verdictdigest.delivery.SendPaused;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Complaints that come back by mail while an issue is sending reach delivery's guard: with 1,000
 * copies delivered the fourth complaint report (0.4%) pauses the send, the third does not.
 * Each report is the Yahoo fixture about another reader's copy (our VERP token in it).
 */
class ComplaintGuardTest {

    @Test
    void theFourthComplaintOfAThousandDeliveredPausesTheSend() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        new JdbcTemplate(ds).batchUpdate("""
                insert into subscriber (email, email_key, status, created_at, updated_at)
                values (?, ?, 'confirmed', current_timestamp, current_timestamp)""",
                LongStream.range(0, 1000).mapToObj(i -> new Object[] {"r" + i + "@yahoo.com", "r" + i + "@yahoo.com"}).toList());
        List<Long> readers = jdbc.sql("select id from subscriber order by id").query(Long.class).list();
        BounceProcessorTest.sent(jdbc, 12, readers.stream().mapToLong(Long::longValue).toArray());
        Deliveries deliveries = new Deliveries(ds);
        BounceProcessor processor = BounceProcessorTest.processor(ds, Clock.fixed(BounceProcessorTest.NOW, ZoneOffset.UTC),
                Config.defaults(BounceProperties.class), deliveries);

        for (int i = 0; i < 3; i++) {
            assertThat(processor.process(complaint(readers.get(i)), false).action()).isEqualTo("suppressed");
            assertThat(sendState(jdbc)).as("after complaint " + (i + 1)).isEqualTo("running");
        }
        assertThat(processor.process(complaint(readers.get(3)), false).issueNumber()).isEqualTo(12);

        assertThat(sendState(jdbc)).isEqualTo("paused");
        assertThat(deliveries.events).singleElement().isInstanceOfSatisfying(SendPaused.class,
                p -> assertThat(p.reason()).startsWith("complaints: 4 of 1000 delivered (0.40%)"));
        assertThat(jdbc.sql("select complaints from delivery_send where issue_number = 12").query(Integer.class).single()).isEqualTo(4);
    }

    /** Yahoo's report about the copy of issue 12 to {@code subscriber}. */
    static byte[] complaint(long subscriber) {
        byte[] raw = BounceProcessorTest.rewritten("arf-yahoo-complaint.eml", "M1aArfTok3nLkJhGfDsA_q",
                BounceProcessorTest.verp(12, subscriber), BounceProcessorTest.messageId(12, subscriber));
        return Fixtures.withMessageIdOf(raw, "arf-" + subscriber + "@arf.mail.yahoo.com");
    }

    static String sendState(JdbcClient jdbc) {
        return jdbc.sql("select state from delivery_send where issue_number = 12").query(String.class).single();
    }
}
