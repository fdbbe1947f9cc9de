package dev.userapptokens.core.store;

/**
 * A write lost a race with another writer (a version moved, a transaction on the same item):
 * re-reading and trying again can succeed. Stores throw it; {@link Transactions#untilCommitted}
 * is the one place that catches it.
 */
public final class ConcurrentChange extends RuntimeException {

    public ConcurrentChange(Throwable cause) {
        super("lost a race with a concurrent change", cause, false, false);
    }
}
