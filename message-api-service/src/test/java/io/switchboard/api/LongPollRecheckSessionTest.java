package io.switchboard.api;

import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.MessageRepository;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The long-polls' re-check can start inside a request's context: the first waiter of a replica connects the Redis
 * subscription, and the connection's callback (which re-checks PostgreSQL for what it may have missed) runs on that
 * request's Vert.x context, where the request's CDI context is active. It then read on a worker thread with the
 * request's own Hibernate session while the request read with it too; a session is not thread-safe, and the request
 * failed with 500 ("This statement has been closed"), seen when a replica's first long-poll arrived during a SIGTERM
 * (SocketNodeFailureIT). The re-check must read in a session of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class LongPollRecheckSessionTest {
    @Inject
    DialogRepository dialogs;
    @Inject
    MessageRepository messages;

    @Test
    void aRecheckInTheContextOfAReadingRequestDoesNotShareItsSession() throws Exception {
        long dialog = openDialog(createAssistant(unique("recheck")), unique("guest"));
        ManagedContext request = Arc.container().requestContext();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        request.activate();
        try {
            InjectableContext.ContextState state = request.getState();
            CompletableFuture<Integer> rechecks = CompletableFuture.supplyAsync(() -> {
                request.activate(state);
                try {
                    int found = 0;
                    for (int i = 0; i < 300; i++) {
                        found += dialogs.lastSeqs(List.of(dialog)).size();
                    }
                    return found;
                } finally {
                    request.deactivate();
                }
            }, worker);
            int pages = 0;
            while (!rechecks.isDone()) {
                assertThat(messages.after(dialog, 0, 200)).isEmpty();
                pages++;
            }
            assertThat(rechecks.get()).as("every re-check found the dialog").isEqualTo(300);
            assertThat(pages).as("the request read while the re-checks ran").isPositive();
        } finally {
            request.terminate();
            worker.shutdown();
        }
    }
}
