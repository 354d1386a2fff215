package com.verdictdigest.delivery;

/** The SMTP server did not take an editor's test copy (down, refused): the editor sees why. */
public class TestCopyNotSentException extends RuntimeException {

    public TestCopyNotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}
