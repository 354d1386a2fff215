package com.verdictdigest.votes;

import java.util.Collection;
import java.util.Map;

import com.verdictdigest.catalog.Community;
import com.verdictdigest.catalog.CommunityFigures;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The readers' figures the catalog shows, exports and imports: the sums of {@code vote_tally}. */
@Component
class VoteTally implements CommunityFigures {

    private final VoteRepository repository;

    VoteTally(VoteRepository repository) {
        this.repository = repository;
    }

    @Override
    public Map<Side, Community> of(Collection<Long> comparisonIds) {
        return repository.tallies(comparisonIds);
    }

    @Override
    @Transactional
    public void restore(Side side, Community figures) {
        repository.replaceTally(side, figures);
    }
}
