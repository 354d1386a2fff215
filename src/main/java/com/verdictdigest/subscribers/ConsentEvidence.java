package com.verdictdigest.subscribers;

/**
 * What proves a sign-up request (GDPR Art. 7): where it came from and the exact consent sentence
 * shown. The time is the event's time.
 *
 * @param form           which form or source: "signup-page", "api", "csv-import:FILE", "demo"
 * @param consentText    the sentence the person agreed to, as shown
 * @param consentVersion the version of that sentence
 */
public record ConsentEvidence(String ip, String userAgent, String form, String consentText, String consentVersion) {
}
