package com.verdictdigest.bounces;

/**
 * Reads one raw message into a {@link Bounce}: {@link BounceParser} in the product. The processor
 * runs it on a thread of its own with a time limit, so a message that takes too long (or a parser
 * that hangs) costs the poller that limit and no more; tests plug in a slow one here.
 */
@FunctionalInterface
public interface BounceParsing {

    Bounce parse(byte[] raw) throws UnparseableMessageException;
}
