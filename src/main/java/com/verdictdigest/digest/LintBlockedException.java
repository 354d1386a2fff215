package com.verdictdigest.digest;

import java.util.stream.Collectors;

/** Approval refused because the issue's render has lint errors. */
public class LintBlockedException extends IssueStateException {

    private final LintReport report;

    public LintBlockedException(int number, LintReport report) {
        super("Issue #" + number + " cannot be approved: " + report.errors().stream()
                .map(LintReport.Finding::message).collect(Collectors.joining(" ")));
        this.report = report;
    }

    public LintReport report() {
        return report;
    }
}
