package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Strangers' bounces are hostile input. The patterns that once backtracked on them (the original
 * message marker, Exim's failed-address block, the address pattern) are fed their worst cases;
 * each message must be classified or refused, not hang. The 5-second bound is a hang guard only;
 * the times are measured by bench/bounce-hostile.
 */
class BounceParserHostileInputTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    final BounceParser parser = new BounceParser(Fixtures.DOMAIN);

    @ParameterizedTest
    @EnumSource(HostileBounces.class)
    void eachWorstCaseIsClassifiedWithoutHanging(HostileBounces hostile) {
        byte[] raw = hostile.message();

        Bounce b = assertTimeoutPreemptively(HANG_GUARD, () -> parser.parse(raw));

        assertThat(b.kind()).isIn(BounceKind.SOFT, BounceKind.HARD, BounceKind.NOT_A_BOUNCE);
        assertThat(raw.length).isGreaterThanOrEqualTo(hostile.minimumSize());
    }

    @Test
    void aHugeMessageIsReadOnlyAsFarAsTheBound() throws Exception {
        StringBuilder sb = new StringBuilder(new String(Fixtures.raw("postfix-5.1.1-user-unknown.eml"), StandardCharsets.ISO_8859_1));
        while (sb.length() < 3 * BounceParser.MAX_INPUT_BYTES) {
            sb.append("x".repeat(999)).append('\n');
        }

        Bounce b = assertTimeoutPreemptively(HANG_GUARD, () -> parser.parse(sb.toString().getBytes(StandardCharsets.ISO_8859_1)));

        assertThat(b.reason()).isEqualTo(BounceReason.USER_UNKNOWN);
    }

    @Test
    void anInterruptedParseStopsWithAReason() throws Exception {
        byte[] raw = HostileBounces.EXIM_FAILED_AND_NEWLINES.message();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt(); // as a time limit's cancel(true) would
            try {
                parser.parse(raw);
            } catch (Throwable e) {
                thrown.set(e);
            } finally {
                done.countDown();
            }
        });
        t.start();
        assertThat(done.await(HANG_GUARD.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(thrown.get()).isInstanceOf(UnparseableMessageException.class).hasMessageContaining("interrupted");
    }

    @Test
    void binaryDataIsRefusedBeforeParsing() {
        byte[] raw = new byte[100_000];
        raw[0] = 'P';
        raw[1] = 'K';
        assertThatThrownBy(() -> parser.parse(raw)).isInstanceOf(UnparseableMessageException.class)
                .hasMessageContaining("binary data");
    }
}
