package io.switchboard.bench.load;

import java.time.Duration;
import java.util.List;

/**
 * Correctness of a run: for every subscriber, which stored messages never arrived, which arrived
 * twice and which arrived behind a later one.
 *
 * @param lost         expected (subscriber, seq) pairs that never arrived
 * @param duplicates   arrivals of a seq already received
 * @param outOfOrder   arrivals behind a higher seq
 * @param closedByServer sockets the server closed during the run (and that did not come back)
 * @param serverCloseReconnects times a socket the server closed for a passing reason (4408, 1001, ...) came back
 */
public record Accounting(long lost, long duplicates, long outOfOrder, long closedByServer, long serverCloseReconnects) {

    /**
     * Waits until every subscriber has every expected seq, or no new arrival came for {@code drain}
     * (a run whose clients are still catching up keeps draining, for at most ten drains).
     */
    public static void awaitDrained(List<Subscriber> subscribers, ExpectedSeqs expected, Duration drain,
                                    java.util.function.LongSupplier arrivals) {
        long hardStop = System.nanoTime() + drain.toNanos() * 10;
        long deadline = System.nanoTime() + drain.toNanos();
        long seen = arrivals.getAsLong();
        while (System.nanoTime() < deadline && System.nanoTime() < hardStop) {
            long now = arrivals.getAsLong();
            if (now != seen) {
                seen = now;
                deadline = System.nanoTime() + drain.toNanos();
            }
            boolean all = true;
            for (Subscriber s : subscribers) {
                if (!s.closedByServer() && !s.ledger().hasAll(expected.of(s.dialog().index()))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Counts what is missing, repeated or reordered over all subscribers. */
    public static Accounting of(List<Subscriber> subscribers, ExpectedSeqs expected) {
        long lost = 0;
        long dup = 0;
        long ooo = 0;
        long closed = 0;
        long reconnects = 0;
        for (Subscriber s : subscribers) {
            reconnects += s.serverCloseReconnects();
            lost += s.ledger().missingOf(expected.of(s.dialog().index()));
            dup += s.ledger().duplicates();
            ooo += s.ledger().outOfOrder();
            if (s.closedByServer()) {
                closed++;
            }
        }
        return new Accounting(lost, dup, ooo, closed, reconnects);
    }
}
