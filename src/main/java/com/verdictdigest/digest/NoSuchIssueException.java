package com.verdictdigest.digest;

@org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NOT_FOUND)
public class NoSuchIssueException extends RuntimeException {

    public NoSuchIssueException(int number) {
        super("There is no digest issue #" + number + ".");
    }
}
