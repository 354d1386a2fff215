package com.verdictdigest.digest;

/** An action the issue's state does not allow (approving a sent issue, editing an approved one...). */
public class IssueStateException extends RuntimeException {

    public IssueStateException(String message) {
        super(message);
    }
}
