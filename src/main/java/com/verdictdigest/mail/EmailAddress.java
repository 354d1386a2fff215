package com.verdictdigest.mail;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A syntactically checked mail address: the form as given (for display) and its key (lower case,
 * domain in ASCII via IDNA) that is its identity, and whose SHA-256 the suppression list keeps.
 * Only the common dot-atom form is accepted; quoted local parts and IP literals are refused on
 * purpose (mailbox providers reject them for bulk mail anyway). Never contains CR/LF.
 */
public record EmailAddress(String address, String key) {

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** The local part as given, the domain in ASCII (IDNA): deliverable without SMTPUTF8. */
    public String smtpAddress() {
        return address.substring(0, address.lastIndexOf('@')) + key.substring(key.lastIndexOf('@'));
    }

    /** @throws InvalidEmailException saying why */
    public static EmailAddress parse(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidEmailException("an email address is required");
        }
        String s = input.strip();
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidEmailException("contains control characters");
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            throw new InvalidEmailException("'" + s + "' is not of the form name@domain");
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (local.length() > 64 || !LOCAL.matcher(local).matches()) {
            throw new InvalidEmailException("'" + local + "' is not a valid local part");
        }
        String asciiDomain;
        try {
            asciiDomain = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidEmailException("'" + domain + "' is not a valid domain");
        }
        String[] labels = asciiDomain.split("\\.", -1);
        if (labels.length < 2 || asciiDomain.length() > 253) {
            throw new InvalidEmailException("'" + domain + "' is not a valid domain");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidEmailException("'" + domain + "' is not a valid domain");
            }
        }
        if (labels[labels.length - 1].matches("[0-9]+")) {
            throw new InvalidEmailException("'" + domain + "' is not a valid domain");
        }
        String key = local.toLowerCase(Locale.ROOT) + "@" + asciiDomain;
        if (key.length() > 254) {
            throw new InvalidEmailException("is longer than 254 characters");
        }
        return new EmailAddress(s, key);
    }

    /** Hex SHA-256 of the key: what the suppression list stores. */
    public String hash() {
        return hashOfKey(key);
    }

    public static String hashOfKey(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return address;
    }
}
