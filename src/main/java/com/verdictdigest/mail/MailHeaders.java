package com.verdictdigest.mail;

/** Guards for values that end up in a mail header: a CR or LF there would let input add headers. */
public final class MailHeaders {

    private MailHeaders() {
    }

    public static String singleLine(String field, String value) {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException(field + " must not contain line breaks (CR/LF)");
        }
        return value;
    }
}
