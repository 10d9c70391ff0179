package net.tandem.agent.time;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The running timers of one scheduler, as a binary min-heap on (deadline, sequence). Each timer
 * remembers its heap index, so restart and cancel are O(log n) and allocate nothing.
 */
public final class TimerQueue {
    private final LongSupplier clock;
    private Timer[] heap = new Timer[16];
    private int size;
    private long nextSequence;

    public TimerQueue(LongSupplier clock) {
        this.clock = clock;
    }

    long now() {
        return clock.getAsLong();
    }

    public Timer newTimer(String name, Runnable action) {
        return new Timer(name, action, this);
    }

    void schedule(Timer t, long deadline) {
        remove(t);
        t.deadline = deadline;
        t.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.heapIndex = size;
        size++;
        siftUp(t.heapIndex);
    }

    void remove(Timer t) {
        int i = t.heapIndex;
        if (i < 0) {
            return;
        }
        size--;
        Timer last = heap[size];
        heap[size] = null;
        t.heapIndex = -1;
        if (i != size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
    }

    /** Deadline of the earliest timer, or Long.MAX_VALUE when none is running. */
    public long nextDeadline() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Fires the earliest timer if its deadline is at or before {@code now}.
     *
     * @return whether a timer fired
     */
    public boolean fireNext(long now) {
        if (size == 0 || heap[0].deadline > now) {
            return false;
        }
        Timer t = heap[0];
        remove(t);
        t.fire();
        return true;
    }

    private static boolean before(Timer a, Timer b) {
        return a.deadline < b.deadline || (a.deadline == b.deadline && a.sequence < b.sequence);
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            heap[i].heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], t)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
