package com.verdictdigest.subscribers;

import com.verdictdigest.system.SiteProperties;
import org.springframework.stereotype.Component;

/** The links in mail that bring a subscriber back to this web app ({@code verdict.site.public-url}). */
@Component
public class SubscriberLinks {

    /**
     * The token in an editor's test copy and preview: its unsubscribe and preferences links lead to
     * pages that say it is a test copy, and change nothing. No subscriber has it: a real token is
     * {@code ID-MAC} ({@link SubscriberTokens}, 32 hex digits after the dash) or a release 0.1 token
     * of 43 random characters, and the pages check for this one before looking any token up.
     */
    public static final String TEST_COPY_TOKEN = "test-copy";

    private final SiteProperties site;

    public SubscriberLinks(SiteProperties site) {
        this.site = site;
    }

    /** GET shows a page with an Unsubscribe button; POST is the RFC 8058 one-click target. */
    public String unsubscribeUrl(String token) {
        return site.publicUrl() + "/unsubscribe/" + token;
    }

    public String preferencesUrl(String token) {
        return site.publicUrl() + "/preferences/" + token;
    }

    public String confirmUrl(String confirmationToken) {
        return site.publicUrl() + "/confirm/" + confirmationToken;
    }

    public String subscribeUrl() {
        return site.publicUrl() + "/subscribe";
    }
}
