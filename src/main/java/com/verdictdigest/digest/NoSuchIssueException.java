package com.verdictdigest.digest;

public class NoSuchIssueException extends RuntimeException {

    public NoSuchIssueException(int number) {
        super("There is no digest issue #" + number + ".");
    }
}
