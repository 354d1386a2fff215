package com.verdictdigest.bounces;

/** What a message in the bounce mailbox means for its recipient. */
public enum BounceKind {
    /** The address is bad (user or host unknown, moved, disabled): suppress at once. */
    HARD("hard"),
    /** Temporary, or the sender's problem (full mailbox, timeout, 5.7.x policy block): count. */
    SOFT("soft"),
    /** The recipient reported the mail as spam (ARF feedback-type abuse): suppress at once. */
    COMPLAINT("complaint"),
    /** Auto-replies, delay warnings, plain mail: nothing to do. */
    NOT_A_BOUNCE("not a bounce");

    private final String label;

    BounceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
