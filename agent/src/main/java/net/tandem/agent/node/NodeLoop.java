package net.tandem.agent.node;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.tandem.agent.time.Scheduler;

/**
 * The one thread that owns a node's protocol state, as the rest of the agent sees it: time and
 * timers ({@link Scheduler}), work handed over from other threads ({@link #execute}), and
 * {@link #call}: run something there and wait for its answer, with one deadline for everyone.
 * Production runs it on {@code EventLoop}; tests on a virtual clock, where the caller already is
 * "on the loop".
 */
public interface NodeLoop extends Scheduler, Executor {
    /**
     * How long a caller waits for the loop. The loop never blocks, so an answer takes
     * microseconds; a loop that does not answer in this time is stalled, and saying so beats
     * hanging an operator's command.
     */
    Duration DEADLINE = Duration.ofSeconds(5);

    /**
     * The latest a timer has fired so far, in nanoseconds (for the metrics). A loop in virtual time is never late.
     */
    default long maxLatenessNanos() {
        return 0;
    }

    /** Whether the calling thread is the loop's own. */
    boolean inLoop();

    /** Something to run on the loop that returns an answer or throws {@code E}. */
    @FunctionalInterface
    interface LoopTask<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code task} on the loop and returns its answer; from the loop itself, runs it at once.
     * What the task throws is thrown here, as it was.
     *
     * @throws LoopStalledException the loop did not answer within {@link #DEADLINE}, or the
     *     caller was interrupted while waiting
     */
    default <T, E extends Exception> T call(LoopTask<T, E> task) throws E {
        if (inLoop()) {
            return task.run();
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        execute(() -> {
            try {
                answer.complete(task.run());
            } catch (Exception | Error e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw LoopTasks.<E>rethrow(e.getCause());
        } catch (TimeoutException e) {
            throw new LoopStalledException(
                    "the event loop did not answer within " + DEADLINE.toSeconds() + " s (stalled?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoopStalledException("interrupted while waiting for the event loop");
        }
    }

    /** {@link #call} for work that answers nothing. */
    default <E extends Exception> void run(LoopAction<E> action) throws E {
        call(() -> {
            action.run();
            return null;
        });
    }

    @FunctionalInterface
    interface LoopAction<E extends Exception> {
        void run() throws E;
    }
}
