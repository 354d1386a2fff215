package com.verdictdigest.digest;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The digest's records as a list reads them: issues and runs, newest first. All it needs is the
 * digest's own tables, so a command that only lists ({@code digest list}) starts nothing else:
 * no renderer, no catalog, no mail.
 */
@Component
public class IssueRecords {

    private final DigestRepository repository;

    IssueRecords(DigestRepository repository) {
        this.repository = repository;
    }

    /** Newest first. */
    public List<Issue> issues(int limit) {
        return repository.findIssues(limit);
    }

    /** The digest's runs (windows closed, weekly fires skipped or failed), newest first. */
    public List<WindowRun> runs(int limit) {
        return repository.findWindowRuns(limit);
    }
}
