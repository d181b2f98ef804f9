package io.switchboard.socket.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last seq of each dialog that reached one client's network: what a 4408 close names. Any thread. */
final class FlushedSeqs {
    /** The dialog most flushed seqs belong to (a socket usually follows one): tracked without a map. */
    private volatile long dialog = -1;
    private volatile long seq = -1;
    private volatile Map<Long, Long> others;

    void flushed(long dialogId, long flushedSeq) {
        // Completions of one connection arrive in write order on its event loop, so a plain compare is enough.
        if (dialog == dialogId || dialog == -1) {
            dialog = dialogId;
            if (flushedSeq > seq) {
                seq = flushedSeq;
            }
            return;
        }
        Map<Long, Long> more = others;
        if (more == null) {
            synchronized (this) {
                more = others;
                if (more == null) {
                    more = new ConcurrentHashMap<>();
                    others = more;
                }
            }
        }
        more.merge(dialogId, flushedSeq, Math::max);
    }

    /** {@code seq 12 of dialog 5, seq 3 of dialog 9}, or empty when nothing was flushed. */
    String describe() {
        StringBuilder seqs = new StringBuilder();
        if (dialog != -1) {
            seqs.append("seq ").append(seq).append(" of dialog ").append(dialog);
        }
        Map<Long, Long> more = others;
        if (more != null) {
            more.forEach((d, s) -> seqs.append(seqs.length() == 0 ? "" : ", ")
                    .append("seq ").append(s).append(" of dialog ").append(d));
        }
        return seqs.toString();
    }
}
