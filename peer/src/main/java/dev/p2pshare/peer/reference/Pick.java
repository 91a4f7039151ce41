package dev.p2pshare.peer.reference;

import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link Reference#pickOne} found: the one thing named, or a message saying why there is not
 * exactly one, worded for the person who typed the reference.
 */
public sealed interface Pick<T> {

    /** Exactly one thing answers. */
    record One<T>(T value) implements Pick<T> {
        public One {
            Objects.requireNonNull(value, "value");
        }
    }

    /** None, or more than one, answers; {@code problem} says which and what to do. */
    record Unclear<T>(String problem) implements Pick<T> {
        public Unclear {
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * The thing picked.
     *
     * @param failure makes the exception thrown, from the problem's message
     * @throws X if the reference did not name exactly one thing
     */
    default <X extends Exception> T orElseThrow(Function<String, X> failure) throws X {
        if (this instanceof One<T> one) {
            return one.value();
        }
        throw failure.apply(((Unclear<T>) this).problem());
    }
}
