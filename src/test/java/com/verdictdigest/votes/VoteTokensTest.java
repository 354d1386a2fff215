package com.verdictdigest.votes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.support.MutableClock;
import com.verdictdigest.system.ServerSecret;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * A vote link's token names reader, issue, comparison, tool and choice, expires, and cannot be
 * forged or edited into another vote: every changed character, a flipped choice and another
 * server's key are refused; a token past its time is expired, not invalid.
 */
class VoteTokensTest {

    static final Instant NOW = Instant.parse("2026-11-16T09:00:00Z");
    final MutableClock clock = new MutableClock(NOW);
    final VoteTokens tokens = VoteFixtures.tokens(clock);
    final long expires = VoteTokens.expiryMinute(NOW.plus(Duration.ofDays(30)));

    @Test
    void eachLinkOfAToolNamesItsReaderIssueComparisonToolAndChoice() {
        String[] links = tokens.sign(1_234_567, 12, 345, 6_789, expires);

        VoteTokens.Checked ship = tokens.check(links[0]);
        VoteTokens.Checked skip = tokens.check(links[1]);

        assertThat(ship.status()).isEqualTo(VoteTokens.Status.VALID);
        assertThat(ship.token()).isEqualTo(new VoteToken(1_234_567, 12, 345, 6_789, Verdict.SHIP,
                Instant.ofEpochSecond(expires * 60)));
        assertThat(skip.status()).isEqualTo(VoteTokens.Status.VALID);
        assertThat(skip.token().choice()).isEqualTo(Verdict.SKIP);
        assertThat(links[0]).isNotEqualTo(links[1]);
        assertThat(tokens.signOther(ship.token())).isEqualTo(links[1]);
        assertThat(tokens.signOther(skip.token())).isEqualTo(links[0]);
    }

    @Test
    void aTokenIsCompactAndUrlSafe() {
        String[] links = tokens.sign(2_000_000, 500, 100_000, 100_000, expires);

        assertThat(links).allSatisfy(t -> assertThat(t).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(44));
    }

    @Test
    void everyEditedCharacterIsRefused() {
        String token = tokens.sign(42, 3, 7, 8, expires)[0];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String edited = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertThat(tokens.check(edited).status()).as("character %d edited", i).isEqualTo(VoteTokens.Status.INVALID);
        }
        assertThat(tokens.check(token.substring(0, token.length() - 1)).status()).isEqualTo(VoteTokens.Status.INVALID);
        assertThat(tokens.check(token + "A").status()).isEqualTo(VoteTokens.Status.INVALID);
    }

    @Test
    void flippingTheChoiceBitMakesNoValidVote() {
        byte[] ship = Base64.getUrlDecoder().decode(tokens.sign(42, 3, 7, 8, expires)[0]);
        ship[0] ^= 1; // the choice, with the ship link's MAC

        String flipped = Base64.getUrlEncoder().withoutPadding().encodeToString(ship);

        assertThat(tokens.check(flipped).status()).isEqualTo(VoteTokens.Status.INVALID);
    }

    @Test
    void anotherServersKeyMakesTokensThisServerRefuses() {
        VoteTokens other = new VoteTokens(new ServerSecret(null, clock, new MockEnvironment().withProperty(
                ServerSecret.PROPERTY, Base64.getEncoder().encodeToString(new byte[32]))), clock);

        assertThat(tokens.check(other.sign(42, 3, 7, 8, expires)[0]).status()).isEqualTo(VoteTokens.Status.INVALID);
    }

    @Test
    void aTokenPastItsTimeIsExpiredWithItsContent() {
        String token = tokens.sign(42, 3, 7, 8, expires)[1];

        clock.set(Instant.ofEpochSecond(expires * 60).minusSeconds(1));
        assertThat(tokens.check(token).status()).isEqualTo(VoteTokens.Status.VALID);
        clock.set(Instant.ofEpochSecond(expires * 60));
        VoteTokens.Checked late = tokens.check(token);

        assertThat(late.status()).isEqualTo(VoteTokens.Status.EXPIRED);
        assertThat(late.token().choice()).isEqualTo(Verdict.SKIP);
        assertThat(late.token().toolId()).isEqualTo(8);
    }

    @Test
    void garbageIsRefusedBeforeAnythingIsDecoded() {
        for (String bad : new String[] {null, "", "preview", "x".repeat(VoteTokens.MAX_LENGTH + 1), "a b c d e f g h i j k l m n o",
                "abcdefghijklmnopqrstuvwxyz+/==", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "//////////////////////////"}) {
            assertThat(tokens.check(bad).status()).as(String.valueOf(bad)).isEqualTo(VoteTokens.Status.INVALID);
        }
    }
}
