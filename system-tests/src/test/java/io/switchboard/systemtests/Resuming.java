package io.switchboard.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;

/**
 * Clients that behave like the JavaScript client library after a disconnect: they remember the last seq
 * they showed and open a new connection (to whichever node they are sent to) resuming right after it.
 * What they showed is the concatenation of what each connection delivered.
 */
final class Resuming {
    private Resuming() {
    }

    /** A WebSocket client of one dialog; the URL function gets the {@code after_seq} to resume from. */
    static final class Socket implements AutoCloseable {
        final long dialogId;
        final List<WsProbe> connections = new CopyOnWriteArrayList<>();

        Socket(long dialogId, LongFunction<String> url) {
            this.dialogId = dialogId;
            connections.add(WsProbe.open(url.apply(0)));
        }

        WsProbe current() {
            return connections.get(connections.size() - 1);
        }

        /** Every seq shown, over all connections, in the order shown. */
        List<Long> seqs() {
            List<Long> out = new ArrayList<>();
            connections.forEach(c -> out.addAll(c.seqs(dialogId)));
            return out;
        }

        long lastSeq() {
            List<Long> s = seqs();
            return s.isEmpty() ? 0 : s.get(s.size() - 1);
        }

        /** Opens a new connection resuming after the last seq shown. */
        void resume(LongFunction<String> url) {
            connections.add(WsProbe.open(url.apply(lastSeq())));
        }

        @Override
        public void close() {
            connections.forEach(WsProbe::close);
        }
    }

    /** An SSE client of one dialog; resumes with {@code Last-Event-ID} like a browser's EventSource. */
    static final class Sse implements AutoCloseable {
        final List<SseProbe> connections = new CopyOnWriteArrayList<>();

        Sse(String url) {
            connections.add(SseProbe.open(url));
        }

        SseProbe current() {
            return connections.get(connections.size() - 1);
        }

        List<Long> seqs() {
            List<Long> out = new ArrayList<>();
            connections.forEach(c -> out.addAll(c.seqs()));
            return out;
        }

        void resume(String url) {
            List<Long> s = seqs();
            connections.add(SseProbe.open(url, s.isEmpty() ? "0" : Long.toString(s.get(s.size() - 1))));
        }

        @Override
        public void close() {
            connections.forEach(SseProbe::close);
        }
    }
}
