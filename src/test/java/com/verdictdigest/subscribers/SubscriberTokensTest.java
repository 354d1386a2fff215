package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import com.verdictdigest.support.Identity;
import com.verdictdigest.system.ServerSecret;
import org.junit.jupiter.api.Test;

/** Link tokens: the reusable signer gives what ServerSecret.mac gives, on any thread, and verify takes them back. */
class SubscriberTokensTest {

    static final ServerSecret SECRET = Identity.SECRET;

    /** The token as ServerSecret's plain mac makes it: the reference. */
    static String reference(long id) {
        byte[] mac = SECRET.mac(SubscriberTokens.PURPOSE, ("v1:" + id).getBytes(StandardCharsets.US_ASCII));
        return Long.toString(id, 36) + "-" + HexFormat.of().formatHex(mac, 0, 16);
    }

    @Test
    void aTokenIsTheIdAndTheFirstSixteenBytesOfTheServersMac() {
        SubscriberTokens tokens = new SubscriberTokens(SECRET);
        for (long id : new long[] {1, 35, 36, 123_456_789, Long.MAX_VALUE}) {
            assertThat(tokens.forSubscriber(id)).isEqualTo(reference(id));
            assertThat(tokens.verify(tokens.forSubscriber(id))).hasValue(id);
        }
    }

    @Test
    void senderThreadsSigningAtOnceGetTheSameTokens() throws Exception {
        SubscriberTokens tokens = new SubscriberTokens(SECRET);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = LongStream.range(0, 4).mapToObj(t -> pool.submit(
                    () -> LongStream.rangeClosed(1, 2000).mapToObj(tokens::forSubscriber).toList())).toList();
            List<String> expected = LongStream.rangeClosed(1, 2000).mapToObj(SubscriberTokensTest::reference).toList();
            for (Future<List<String>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
