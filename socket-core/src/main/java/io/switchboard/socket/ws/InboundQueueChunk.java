package io.switchboard.socket.ws;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Makes websockets-next's per-connection inbound queue start small. Each WebSocket's endpoint keeps a
 * {@code ConcurrencyLimiter} (the serial inbound processing mode: one callback at a time, in order) whose queue is
 * Mutiny's {@code Queues.createMpscQueue()}: an unbounded JCTools queue that allocates its first chunk at once, of
 * Mutiny's "S" buffer size, 256 slots by default, a 1 048-byte array that every idle socket keeps although it is
 * empty nearly always. With 16 the chunk is 88 bytes (bench s4, 5 000 idle ticket sockets: ~960 bytes less per
 * socket, docs/performance.md, "Who holds an idle socket's heap"). The queue stays unbounded and in order: a burst of
 * frames links further 16-slot chunks.
 *
 * <p>The setting is Mutiny's public {@link Infrastructure#setBufferSizeS} and is process-wide. In these services
 * nothing else takes it as a bound: besides the unbounded queues' chunk size, Mutiny uses it as the default buffer
 * of {@code Multi.emitOn}, the default concurrency of {@code merge()}/{@code transformToMultiAndMerge} and in
 * {@code group().by}, none of which the socket services or the extensions they carry call (checked in the
 * packaged admin-ws's classes for Quarkus 3.33.2, Mutiny 3.1.1). Code added later that uses them with the default
 * would get 16 instead of 256: pass the size explicitly there. The system property {@code mutiny.buffer-size.s}
 * still wins over this, as Mutiny reads it first.
 */
@Singleton
public class InboundQueueChunk {
    /** Slots of the first (and each further) chunk of a connection's inbound queue; Mutiny's minimum is 16. */
    public static final int SLOTS = 16;

    /** At start; a connection accepted before this ran keeps a 256-slot chunk, nothing else differs for it. */
    void start(@Observes @Priority(1) StartupEvent event) {
        Infrastructure.setBufferSizeS(SLOTS);
    }
}
