package net.tandem.agent.node;

/** Rethrows what a loop task threw, unchanged, for {@link NodeLoop#call}. */
final class LoopTasks {
    private LoopTasks() {}

    /**
     * A task can only throw its own {@code E}, an unchecked exception or an error, so the cast
     * is safe; the caller writes {@code throw rethrow(cause)} for the compiler's sake.
     */
    @SuppressWarnings("unchecked")
    static <E extends Exception> E rethrow(Throwable cause) throws E {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        throw (E) cause;
    }
}
