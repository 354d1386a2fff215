package com.verdictdigest.votes;

import java.time.Clock;
import java.util.Base64;

import com.verdictdigest.support.Config;
import com.verdictdigest.system.ServerSecret;
import com.verdictdigest.system.SiteProperties;
import org.springframework.mock.env.MockEnvironment;

/** Vote links without a database: a fixed master key ({@code verdict.secret}), the product's defaults. */
public final class VoteFixtures {

    public static final String SECRET = Base64.getEncoder().encodeToString(
            "vote-fixtures-master-key-32-bytes!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private VoteFixtures() {
    }

    public static VoteTokens tokens(Clock clock) {
        return new VoteTokens(new ServerSecret(null, clock,
                new MockEnvironment().withProperty(ServerSecret.PROPERTY, SECRET)), clock);
    }

    public static VoteLinks links(SiteProperties site, Clock clock) {
        return new VoteLinks(tokens(clock), Config.defaults(VoteProperties.class), site, clock);
    }
}
