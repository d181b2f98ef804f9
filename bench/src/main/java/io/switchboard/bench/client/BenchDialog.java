package io.switchboard.bench.client;

/**
 * A dialog the bench created for one run.
 *
 * @param index       position in the run's dialog list (messages go round-robin by index)
 * @param id          dialog id on the target
 * @param assistantId its assistant
 * @param guestToken  its guest's credential (issued by the target when the dialog was opened), for the guest's
 *                    posts and socket
 */
public record BenchDialog(int index, long id, long assistantId, String guestToken) {
}
