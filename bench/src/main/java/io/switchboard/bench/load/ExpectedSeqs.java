package io.switchboard.bench.load;

import java.util.BitSet;

/** Per dialog of a run, the seqs the API answered with: what every subscriber of the dialog must receive. */
public final class ExpectedSeqs {
    private final BitSet[] byDialog;

    public ExpectedSeqs(int dialogs) {
        byDialog = new BitSet[dialogs];
        for (int i = 0; i < dialogs; i++) {
            byDialog[i] = new BitSet();
        }
    }

    public void stored(int dialogIndex, long seq) {
        BitSet b = byDialog[dialogIndex];
        synchronized (b) {
            b.set((int) seq);
        }
    }

    /** A copy of the dialog's expected seqs. */
    public BitSet of(int dialogIndex) {
        BitSet b = byDialog[dialogIndex];
        synchronized (b) {
            return (BitSet) b.clone();
        }
    }

    /** The highest stored seq of a dialog (0 when none). */
    public long highest(int dialogIndex) {
        BitSet b = byDialog[dialogIndex];
        synchronized (b) {
            return Math.max(0, b.length() - 1);
        }
    }
}
