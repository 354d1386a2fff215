package com.verdictdigest.digest;

import java.util.List;

/** What lint found in a render; any ERROR blocks approval. */
public record LintReport(List<Finding> findings) {

    public enum Severity { ERROR, WARNING }

    public record Finding(Severity severity, String code, String message) {
        public boolean error() {
            return severity == Severity.ERROR;
        }
    }

    public LintReport {
        findings = List.copyOf(findings);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::error);
    }

    public List<Finding> errors() {
        return findings.stream().filter(Finding::error).toList();
    }

    public List<Finding> warnings() {
        return findings.stream().filter(f -> !f.error()).toList();
    }
}
