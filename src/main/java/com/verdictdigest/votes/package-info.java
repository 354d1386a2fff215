/**
 * Readers' ship/skip votes from the digest's links: the signed personal links, the vote page and
 * its POST, the counts per side (the catalog's {@code CommunityFigures}), the changes API.
 * Owns the tables vote, vote_history, vote_tally.
 */
@ApplicationModule(displayName = "Votes", allowedDependencies = {"catalog", "subscribers", "system"})
package com.verdictdigest.votes;

import org.springframework.modulith.ApplicationModule;
