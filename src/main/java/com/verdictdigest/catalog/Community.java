package com.verdictdigest.catalog;

/**
 * Readers' votes on one tool of one comparison: how many say ship and how many skip. Kept by the
 * votes module from the digest's links (see {@link CommunityFigures}); not the site's own
 * "community" row ({@link Decision#community()}, {@link Tool#communityPct()}).
 */
public record Community(int ship, int skip) {

    public static final Community NONE = new Community(0, 0);

    public Community {
        if (ship < 0 || skip < 0) {
            throw new IllegalArgumentException("vote counts cannot be negative: " + ship + " ship, " + skip + " skip");
        }
    }

    public int total() {
        return ship + skip;
    }

    public boolean hasVotes() {
        return total() > 0;
    }

    /** The share saying ship, rounded to a whole percent; null without votes. */
    public Integer shipPct() {
        return total() == 0 ? null : (int) Math.round(ship * 100.0 / total());
    }

    /** "68% ship (17 ship, 8 skip)", or "no votes yet". */
    public String summary() {
        return total() == 0 ? "no votes yet" : shipPct() + "% ship (" + ship + " ship, " + skip + " skip)";
    }
}
