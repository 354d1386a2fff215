package com.verdictdigest.digest;

/**
 * A reader's vote links, as the renderer splices them into their copy: for one tool of one
 * comparison, the Ship and the Skip URL. The send's ballots come from the votes module
 * ({@link DigestIssueContent}); previews and test copies get links that count nothing.
 */
@FunctionalInterface
public interface Ballot {

    /** @return {@code [ship URL, skip URL]}, absolute http(s) URLs */
    String[] urls(long comparisonId, long toolId);
}
