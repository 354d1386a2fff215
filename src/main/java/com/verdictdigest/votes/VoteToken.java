package com.verdictdigest.votes;

import java.time.Instant;

import com.verdictdigest.catalog.Verdict;

/**
 * What one vote link says: this reader's verdict on this tool of this comparison, from the copy
 * of this issue, valid until then. Made and checked by {@link VoteTokens}.
 */
public record VoteToken(long subscriberId, int issueNumber, long comparisonId, long toolId, Verdict choice,
                        Instant expiresAt) {
}
