package com.verdictdigest.delivery;

/**
 * A send was stopped for good; rows not yet sent were cancelled.
 *
 * @param by who cancelled it (an editor's name, {@code cli:USER})
 */
public record SendCancelled(long issueNumber, String by) implements SendEvent {
}
