package io.switchboard.socket.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dialog → assistant memo of catch-up reads is bounded: a node that serves millions of dialogs keeps a fixed share. */
class SocketStoreOwnersTest {
    @Test
    void theDialogOwnerMemoNeverGrowsPastItsBound() {
        SocketStore store = new SocketStore();
        int dialogs = SocketStore.OWNERS_REMEMBERED + 50_000;
        for (long d = 1; d <= dialogs; d++) {
            store.rememberOwner(d, d % 7);
        }

        assertThat(store.ownersRemembered()).isLessThanOrEqualTo(SocketStore.OWNERS_REMEMBERED);
        assertThat(store.ownersRemembered()).as("it still remembers").isGreaterThan(SocketStore.OWNERS_REMEMBERED / 2);
    }
}
