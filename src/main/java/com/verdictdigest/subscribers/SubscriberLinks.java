package com.verdictdigest.subscribers;

import com.verdictdigest.system.SiteProperties;
import org.springframework.stereotype.Component;

/** The links in mail that bring a subscriber back to this web app ({@code verdict.site.public-url}). */
@Component
public class SubscriberLinks {

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
