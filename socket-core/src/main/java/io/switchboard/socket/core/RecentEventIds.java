package io.switchboard.socket.core;

/**
 * The ids of the last few non-sequenced events one session was given: the same event over two channels (an
 * assistant's list and a dialog) arrives within moments, so a short memory is enough and cheap per connection.
 */
final class RecentEventIds {
    private static final int SIZE = 32;

    /** Created on the first event with an id: most sessions never need it. */
    private int[] hashes;
    private String[] ids;
    private int next;

    /** True when {@code eventId} was seen among the last {@value #SIZE}; remembers it otherwise. */
    synchronized boolean seen(String eventId) {
        // Every session gets the same String instance of an event id, whose hash is computed once: comparing
        // hashes first keeps this a scan of ints, with equals only on a hash match.
        int hash = eventId.hashCode();
        if (ids == null) {
            hashes = new int[SIZE];
            ids = new String[SIZE];
        }
        for (int i = 0; i < SIZE; i++) {
            if (hashes[i] == hash && eventId.equals(ids[i])) {
                return true;
            }
        }
        hashes[next] = hash;
        ids[next] = eventId;
        next = (next + 1) % SIZE;
        return false;
    }
}
