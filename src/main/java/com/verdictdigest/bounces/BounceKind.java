package com.verdictdigest.bounces;

/** What a message in the bounce mailbox means for its recipient. */
public enum BounceKind {
    /** The address itself cannot receive (user or host unknown, moved): suppress at once. */
    HARD("hard"),
    /** Any other failure: temporary, or the sender's problem (full mailbox, timeout, policy block, suspended account): count. */
    SOFT("soft"),
    /** The recipient reported the mail (ARF, JMRP or SES complaint): suppress at once. */
    COMPLAINT("complaint"),
    /** Auto-replies, delay warnings, plain mail: nothing to do. */
    NOT_A_BOUNCE("not a bounce"),
    /** A mail to the List-Unsubscribe mailto address ({@code unsubscribe+TOKEN@domain}). */
    UNSUBSCRIBE("unsubscribe");

    private final String label;

    BounceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The kind a stored label names. */
    static BounceKind ofLabel(String label) {
        for (BounceKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no bounce kind is labelled '" + label + "'");
    }
}
