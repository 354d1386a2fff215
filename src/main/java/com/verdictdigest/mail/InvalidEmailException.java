package com.verdictdigest.mail;

/** An address that is not one we can mail, with the reason. */
public class InvalidEmailException extends RuntimeException {

    public InvalidEmailException(String reason) {
        super(reason);
    }
}
