package io.scem.core.sim;

import java.util.Arrays;

/**
 * The simulator's agenda: a binary min-heap of processes by (time, ticket). Hand-written because
 * it is the hot spot: times and tickets sit in primitive arrays, so ordering the heap reads
 * neighbouring memory instead of chasing a pointer per comparison (twice the speed of a
 * PriorityQueue of processes with tens of thousands of open ones).
 */
final class Agenda {
    private long[] times = new long[1024];
    private long[] tickets = new long[1024];
    private Process[] processes = new Process[1024];
    private int size;
    private long nextTicket;

    int size() {
        return size;
    }

    /** Adds {@code p} at {@code time}; equal times come out in the order they were added. */
    void add(Process p, long time) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            tickets = Arrays.copyOf(tickets, size * 2);
            processes = Arrays.copyOf(processes, size * 2);
        }
        long ticket = nextTicket++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(time, ticket, parent)) break;
            move(parent, i);
            i = parent;
        }
        set(i, time, ticket, p);
    }

    /** When the earliest process is due (the agenda must not be empty). */
    long firstTime() {
        return times[0];
    }

    /** Removes and returns the earliest process (the agenda must not be empty). */
    Process poll() {
        Process first = processes[0];
        int last = --size;
        long time = times[last];
        long ticket = tickets[last];
        Process p = processes[last];
        processes[last] = null;
        // Sift the former last entry down from the root, within the first `last` slots.
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) break;
            int right = child + 1;
            if (right < last && slotBefore(right, times[child], tickets[child])) child = right;
            if (!slotBefore(child, time, ticket)) break;
            move(child, i);
            i = child;
        }
        if (last > 0) set(i, time, ticket, p);
        return first;
    }

    /** Whether (time, ticket) sorts before the entry in {@code slot}. */
    private boolean before(long time, long ticket, int slot) {
        return time < times[slot] || (time == times[slot] && ticket < tickets[slot]);
    }

    /** Whether the entry in {@code slot} sorts before (time, ticket). */
    private boolean slotBefore(int slot, long time, long ticket) {
        return times[slot] < time || (times[slot] == time && tickets[slot] < ticket);
    }

    private void move(int from, int to) {
        times[to] = times[from];
        tickets[to] = tickets[from];
        processes[to] = processes[from];
    }

    private void set(int slot, long time, long ticket, Process p) {
        times[slot] = time;
        tickets[slot] = ticket;
        processes[slot] = p;
    }
}
