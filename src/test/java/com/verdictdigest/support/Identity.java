package com.verdictdigest.support;

import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;

/** The example site and sender identity that tests build mails with. */
public final class Identity {

    public static final SenderProperties SENDER = new SenderProperties("digest@verdicts.example.com", "Verdict Digest",
            "editors@verdicts.example.com", "verdicts.example.com");
    public static final SiteProperties SITE = new SiteProperties("Verdict Digest", "https://verdicts.example.com",
            "https://app.verdicts.example.com", "1 Example Street");

    private Identity() {
    }
}
