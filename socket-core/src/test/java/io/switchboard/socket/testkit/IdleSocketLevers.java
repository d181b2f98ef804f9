package io.switchboard.socket.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.socket.ws.InboundQueueChunk;

/**
 * socket-core's levers on what an idle socket keeps, checked from inside a running socket service (a
 * {@code @QuarkusTest}) so a Quarkus or Mutiny upgrade that undoes one fails the service's build
 * (docs/performance.md, "Configuration levers (idlecfg…)" and "Who holds an idle socket's heap").
 */
public final class IdleSocketLevers {
    private IdleSocketLevers() {
    }

    /**
     * <ul>
     * <li>No upgrade request kept per socket and no unenforced security annotation ({@link SecurityLeftOut}):
     * websockets-next keeps each socket's upgrade request (~2.9 KB of heap per idle socket) exactly when a
     * {@code CurrentIdentityAssociation} bean exists.</li>
     * <li>A small first chunk of each socket's inbound queue: websockets-next gives every connection an unbounded
     * inbound queue whose first chunk has Mutiny's "S" buffer size of slots, 256 by default, 1 KB of heap per idle
     * socket; {@link InboundQueueChunk} sets it to 16 at start (without it this reads 256).</li>
     * </ul>
     */
    public static void check() {
        SecurityLeftOut.check();
        assertThat(Infrastructure.getBufferSizeS()).as("Mutiny's S buffer size").isEqualTo(InboundQueueChunk.SLOTS);
    }
}
