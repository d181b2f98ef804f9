package io.switchboard.bench.client;

/**
 * A dialog the bench created for one run.
 *
 * @param index       position in the run's dialog list (messages go round-robin by index)
 * @param id          dialog id on the target
 * @param assistantId its assistant
 * @param guestId     its guest, who posts the guest messages
 */
public record BenchDialog(int index, long id, long assistantId, String guestId) {
}
