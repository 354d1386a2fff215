package com.verdictdigest.votes;

import java.time.Clock;
import java.time.Instant;

import com.verdictdigest.system.SiteProperties;
import org.springframework.stereotype.Component;

/**
 * The vote links of the digest: what the renderer splices into each copy, like the unsubscribe
 * link. Everything shared by an issue's copies (the URL prefix, the issue, the expiry) is fixed
 * once per issue; a reader's links cost one MAC per tool.
 */
@Component
public class VoteLinks {

    public static final String PATH = "/votes/";
    /** The token of the links in previews and editors' test copies: its page says so and counts nothing. */
    public static final String PREVIEW_TOKEN = "preview";

    private final VoteTokens tokens;
    private final VoteProperties properties;
    private final SiteProperties site;
    private final Clock clock;

    public VoteLinks(VoteTokens tokens, VoteProperties properties, SiteProperties site, Clock clock) {
        this.tokens = tokens;
        this.properties = properties;
        this.site = site;
        this.clock = clock;
    }

    /** The links of one issue's copies made from now on; they work for {@code verdict.votes.link-ttl}. */
    public IssueBallots forIssue(int issueNumber) {
        Instant expires = clock.instant().plus(properties.linkTtl());
        return new IssueBallots(tokens, site.publicUrl() + PATH, issueNumber, VoteTokens.expiryMinute(expires));
    }

    /** Where a preview's or test copy's vote buttons lead. */
    public String previewUrl() {
        return site.publicUrl() + PATH + PREVIEW_TOKEN;
    }

    /** One issue's vote links; safe to share between sender threads. */
    public static final class IssueBallots {

        private final VoteTokens tokens;
        private final String prefix;
        private final int issueNumber;
        private final long expiresMinute;

        IssueBallots(VoteTokens tokens, String prefix, int issueNumber, long expiresMinute) {
            this.tokens = tokens;
            this.prefix = prefix;
            this.issueNumber = issueNumber;
            this.expiresMinute = expiresMinute;
        }

        /** A reader's two links for one tool of one comparison: {@code [ship URL, skip URL]}. */
        public String[] urls(long subscriberId, long comparisonId, long toolId) {
            String[] t = tokens.sign(subscriberId, issueNumber, comparisonId, toolId, expiresMinute);
            t[0] = prefix + t[0];
            t[1] = prefix + t[1];
            return t;
        }
    }
}
