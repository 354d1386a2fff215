package com.verdictdigest.mail;

/** A value that would have to go into a mail header but cannot: it says which header and why. */
public class InvalidHeaderException extends IllegalArgumentException {

    public InvalidHeaderException(String message) {
        super(message);
    }
}
