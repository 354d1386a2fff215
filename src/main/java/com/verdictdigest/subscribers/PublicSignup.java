package com.verdictdigest.subscribers;

import java.util.List;
import java.util.Set;

import com.verdictdigest.system.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.InvalidEmailException;
/**
 * The gate in front of {@link SignupService} shared by the sign-up page and the JSON endpoint:
 * rate limits, the honeypot, address and field checks. Its answers depend only on the request,
 * never on whether the address is known.
 */
@Component
class PublicSignup {

    private static final Logger log = LoggerFactory.getLogger(PublicSignup.class);

    /** The honeypot: a field people never see and bots fill in. */
    static final String HONEYPOT = "website";

    /** What the requester may be told. */
    sealed interface Answer {
    }

    /** "Check your inbox", whatever happened behind it. */
    record Accepted() implements Answer {
    }

    record Invalid(String field, String message) implements Answer {
    }

    record TooManyRequests() implements Answer {
    }

    private final SignupService signups;
    private final SignupRateLimiter limiter;
    private final SubscribersProperties properties;
    private final Categories categories;

    PublicSignup(SignupService signups, SignupRateLimiter limiter, SubscribersProperties properties,
                 Categories categories) {
        this.signups = signups;
        this.limiter = limiter;
        this.properties = properties;
        this.categories = categories;
    }

    List<String> categories() {
        return categories.known();
    }

    /** @param timeZone the browser's zone (a hidden field filled by {@code /js/time-zone.js}); unknown or none: the default */
    Answer submit(String email, String name, List<String> categories, String timeZone, String honeypot,
                  HttpServletRequest request, String form) {
        // The real client's address (trusted proxies' X-Forwarded-For applied by Tomcat), IPv6 by its /64.
        if (!limiter.tryIp(ClientAddresses.rateKey(request.getRemoteAddr()))) {
            return new TooManyRequests();
        }
        if (honeypot != null && !honeypot.isBlank()) {
            log.info("sign-up with the honeypot field filled in from {} ignored", request.getRemoteAddr());
            return new Accepted();
        }
        EmailAddress address;
        try {
            address = EmailAddress.parse(email);
        } catch (InvalidEmailException e) {
            return new Invalid("email", "This is not an email address we can send to: " + e.getMessage() + ".");
        }
        String cleanName;
        try {
            cleanName = SignupService.cleanName(name);
        } catch (IllegalArgumentException e) {
            return new Invalid("name", "Please check the name: " + e.getMessage() + ".");
        }
        Set<String> chosen;
        try {
            chosen = this.categories.resolve(categories); // none or every one: all, including categories added later
        } catch (Categories.UnknownCategoryException e) {
            return new Invalid("categories", e.getMessage());
        }
        if (!limiter.tryAddress(address.key())) {
            return new TooManyRequests();
        }
        if (timeZone != null && !timeZone.isBlank() && ReaderTimeZones.parse(timeZone).isEmpty()) {
            // Not refused: the person cannot fix what their browser says. They get the list's default zone.
            log.info("sign-up with an unknown time zone {}: the list's default applies", ReaderTimeZones.quoted(timeZone));
        }
        // Recorded, not worked: the same one insert for every address (SignupOutbox sends the mail).
        signups.requestOptIn(address, cleanName, chosen, timeZone, new ConsentEvidence(
                request.getRemoteAddr(), request.getHeader("User-Agent"), form,
                properties.consentText(), properties.consentVersion()));
        return new Accepted();
    }
}
