package com.verdictdigest.digest;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The tokens a shared render leaves for per-recipient work: placeholders (greeting, links) and
 * gates around each comparison, new tool and section. A token is "vd", a random nonce, "_", a
 * command and "_": letters and digits only, so HTML escaping leaves it as is, and catalog text
 * cannot forge it because the nonce is new for every render. Templates call these methods.
 */
public final class Marks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;

    Marks() {
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        this.prefix = "vd" + HexFormat.of().formatHex(nonce) + "_";
    }

    String prefix() {
        return prefix;
    }

    /** Start of comparison {@code i}: shown only to recipients of one of its categories. */
    public String comparison(int i) {
        return prefix + "oc" + i + "_";
    }

    /** Start of new tool {@code i}. */
    public String tool(int i) {
        return prefix + "ot" + i + "_";
    }

    /** Start of a section: shown only when one of the comparisons or tools inside is shown. */
    public String section() {
        return prefix + "os_";
    }

    /** Start of a part only a subscriber's copy has (unsubscribe and preferences links). */
    public String personal() {
        return prefix + "op_";
    }

    /** Start of a part only a real subscriber's copy has (inside a personal part): why they get it. */
    public String forSubscriber() {
        return prefix + "or_";
    }

    /** Start of a part only an editor's test copy has (inside a personal part): that it is one. */
    public String forTestCopy() {
        return prefix + "oe_";
    }

    /** Start of a part only the public archive copy has. */
    public String archive() {
        return prefix + "oa_";
    }

    /** Start of a part only a copy with vote links has (not the archive, not a reader who turned votes off). */
    public String votes() {
        return prefix + "ov_";
    }

    /**
     * A reader's vote link: comparison {@code i}, side {@code side} (0 for A, 1 for B), choice
     * "ship" or "skip". Personal, like the unsubscribe link: filled per copy.
     */
    public String vote(int i, int side, String choice) {
        if (side != 0 && side != 1 || !choice.equals("ship") && !choice.equals("skip")) {
            throw new IllegalArgumentException("a vote link is side 0 or 1, ship or skip: " + side + ", " + choice);
        }
        return prefix + "v" + i + (side == 0 ? "a" : "b") + (choice.equals("ship") ? "s" : "k") + "_";
    }

    /** The readers' current figures of comparison {@code i}: filled when the archive page is shown. */
    public String community(int i) {
        return prefix + "c" + i + "_";
    }

    public String end() {
        return prefix + "x_";
    }

    /** A per-recipient value: greeting, email, unsubscribe, preferences, preheader, viewonline. */
    public String slot(String name) {
        if (!name.matches("[a-z]+")) {
            throw new IllegalArgumentException("slot names are lower-case letters: " + name);
        }
        return prefix + "p" + name + "_";
    }
}
