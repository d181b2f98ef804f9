package io.switchboard.api.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Runs an action once the current JTA transaction has committed, and never when it rolls back: what other nodes or
 * caches learn (a revocation, a remembered credential, a dispatcher wake-up) must describe committed rows only.
 */
@ApplicationScoped
public class AfterCommit {
    @Inject
    TransactionSynchronizationRegistry registry;

    /** Registers {@code action} on the current transaction; it runs on the committing thread after the commit. */
    public void run(Runnable action) {
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    /** Like {@link #run}, but at most once per transaction for the same {@code key}. */
    public void once(Object key, Runnable action) {
        if (registry.getResource(key) == null) {
            registry.putResource(key, Boolean.TRUE);
            run(action);
        }
    }
}
