package com.verdictdigest.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import com.verdictdigest.web.SecurityProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What {@code serve} refuses to start without: its own identity. Mail from the example domain,
 * links to localhost and the example postal address would reach real subscribers, so each key
 * still at its example value (or unset) is named, with what to set it to. {@code demo} and tests
 * never ask.
 */
final class ServeReadiness {

    /** One key to set, and why. */
    record Missing(String key, String why) {
        @Override
        public String toString() {
            return key + ": " + why;
        }
    }

    private static final SiteProperties EXAMPLE_SITE = new SiteProperties(null, null, "http://localhost:8080",
            "Verdict Digest, 1 Example Street, 10115 Berlin, Germany");

    private ServeReadiness() {
    }

    static List<Missing> check(Environment env) {
        Binder binder = Binder.get(env);
        SiteProperties site = binder.bindOrCreate("verdict.site", Bindable.of(SiteProperties.class));
        SenderProperties sender = binder.bindOrCreate("verdict.sender", Bindable.of(SenderProperties.class));
        SecurityProperties security = binder.bindOrCreate("verdict.security", Bindable.of(SecurityProperties.class));
        List<Missing> missing = new ArrayList<>();
        if (site.publicUrl() == null || site.publicUrl().equals(EXAMPLE_SITE.publicUrl()) || isExampleHost(host(site.publicUrl()))) {
            missing.add(new Missing("verdict.site.public-url", "still " + site.publicUrl()
                    + "; set the https address subscribers reach this app at (unsubscribe and preferences links)"));
        }
        if (sender.domain() == null || isExampleHost(sender.domain())) {
            missing.add(new Missing("verdict.sender.domain", "still " + sender.domain()
                    + "; set the domain you send from (From, Message-ID, VERP, DKIM)"));
        }
        if (site.postalAddress() == null || site.postalAddress().equals(EXAMPLE_SITE.postalAddress())) {
            missing.add(new Missing("verdict.site.postal-address",
                    "still the example address; set your postal address (printed in every footer, CAN-SPAM)"));
        }
        boolean staff = security.users().stream().anyMatch(u -> u.roles() != null
                && (u.roles().contains("ADMIN") || u.roles().contains("EDITOR")));
        if (!staff) {
            missing.add(new Missing("verdict.security.users", "no user with role ADMIN or EDITOR; add one "
                    + "(users[0].username, users[0].password as {bcrypt}..., users[0].roles: ADMIN,EDITOR)"));
        }
        return missing;
    }

    /** The names reserved for examples (RFC 2606, RFC 6761) and this machine. */
    static boolean isExampleHost(String host) {
        if (host == null || host.isBlank()) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("0.0.0.0")
                || h.endsWith(".localhost") || h.endsWith(".test") || h.endsWith(".invalid") || h.endsWith(".example")
                || h.matches("(.+\\.)?example\\.(com|net|org)");
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
