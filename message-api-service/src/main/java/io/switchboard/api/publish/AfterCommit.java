package io.switchboard.api.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The one way anything leaves a JTA transaction: through the transaction synchronization registry, once the
 * transaction has ended. What other nodes, caches or sockets learn (a message, a revocation, a remembered credential,
 * a dispatcher wake-up) must describe committed rows only; {@link #run} acts on a commit and never on a rollback,
 * {@link #resource} also hears a rollback (a reserved seq is then given back).
 */
@ApplicationScoped
public class AfterCommit {
    @Inject
    TransactionSynchronizationRegistry registry;

    /** Registers {@code action} on the current transaction; it runs on the committing thread after the commit. */
    public void run(Runnable action) {
        register(committed -> {
            if (committed) {
                action.run();
            }
        });
    }

    /** Like {@link #run}, but at most once per transaction for the same {@code key}. */
    public void once(Object key, Runnable action) {
        requireTransaction();
        if (registry.getResource(key) == null) {
            registry.putResource(key, Boolean.TRUE);
            run(action);
        }
    }

    /**
     * The current transaction's value under {@code key}, created on first use; when the transaction ends,
     * {@code completion} gets it with whether it committed. Registered before the caller uses the value, so whatever
     * the caller records in it (a reserved seq) is always resolved.
     */
    @SuppressWarnings("unchecked")
    public <T> T resource(Object key, Supplier<T> create, BiConsumer<T, Boolean> completion) {
        requireTransaction();
        T value = (T) registry.getResource(key);
        if (value == null) {
            T created = create.get();
            register(committed -> completion.accept(created, committed));
            registry.putResource(key, created);
            value = created;
        }
        return value;
    }

    private void requireTransaction() {
        if (registry.getTransactionKey() == null) {
            throw new IllegalStateException("after-commit work can only be recorded inside a transaction");
        }
    }

    private void register(java.util.function.Consumer<Boolean> onEnd) {
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                onEnd.accept(status == Status.STATUS_COMMITTED);
            }
        });
    }
}
