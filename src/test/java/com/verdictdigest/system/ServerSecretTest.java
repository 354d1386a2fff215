package com.verdictdigest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

/** The server's MAC key: made once per database, shared by instances, separate per purpose. */
class ServerSecretTest {

    final JdbcClient db = TestDatabase.H2.freshClient();

    ServerSecret secret(JdbcClient jdbc, String configured) {
        MockEnvironment env = new MockEnvironment();
        if (configured != null) {
            env.setProperty(ServerSecret.PROPERTY, configured);
        }
        return new ServerSecret(jdbc, Clock.systemUTC(), env);
    }

    @Test
    void twoInstancesOnOneDatabaseShareTheKeyMadeByTheFirst() {
        byte[] first = secret(db, null).mac("votes", "issue 3");
        byte[] second = secret(db, null).mac("votes", "issue 3");

        assertThat(second).isEqualTo(first);
        assertThat(db.sql("select count(*) from system_secret").query(Long.class).single()).isEqualTo(1);
        assertThat(secret(TestDatabase.H2.freshClient(), null).mac("votes", "issue 3"))
                .as("another database, another key").isNotEqualTo(first);
    }

    @Test
    void aMacMadeForOnePurposeDoesNotVerifyForAnother() {
        ServerSecret s = secret(db, null);
        byte[] mac = s.mac("unsubscribe", "42".getBytes());

        assertThat(s.verify("unsubscribe", "42".getBytes(), mac)).isTrue();
        assertThat(s.verify("votes", "42".getBytes(), mac)).isFalse();
        assertThat(s.verify("unsubscribe", "43".getBytes(), mac)).isFalse();
    }

    @Test
    void aShortenedMacVerifiesDownTo16BytesButNotShorter() {
        ServerSecret s = secret(db, null);
        byte[] mac = s.mac("votes", "x".getBytes());

        assertThat(s.verify("votes", "x".getBytes(), Arrays.copyOf(mac, 16))).isTrue();
        assertThat(s.verify("votes", "x".getBytes(), Arrays.copyOf(mac, 15))).isFalse();
        byte[] tampered = Arrays.copyOf(mac, 16);
        tampered[15] ^= 1;
        assertThat(s.verify("votes", "x".getBytes(), tampered)).isFalse();
    }

    @Test
    void aConfiguredKeyWinsAndAShortOneIsRefused() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);

        assertThat(secret(db, key).mac("votes", "x")).isEqualTo(secret(TestDatabase.H2.freshClient(), key).mac("votes", "x"));
        assertThat(db.sql("select count(*) from system_secret").query(Long.class).single()).isZero();
        assertThatThrownBy(() -> secret(db, Base64.getEncoder().encodeToString(new byte[16])).mac("votes", "x"))
                .hasMessageContaining("at least 32 bytes");
    }
}
