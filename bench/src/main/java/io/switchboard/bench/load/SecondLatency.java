package io.switchboard.bench.load;

/**
 * The deliveries of the messages sent in one second of a run: how many, and their p50, p99 and slowest
 * latency in milliseconds (to 2 significant digits: they are drawn, not tabled).
 *
 * @param epochSecond the second (Unix time) in which the messages were sent
 */
public record SecondLatency(long epochSecond, long deliveries, double p50Ms, double p99Ms, double maxMs) {
}
