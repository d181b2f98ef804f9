package io.switchboard.api;

import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.agroal.api.AgroalDataSource;
import io.restassured.response.Response;
import io.switchboard.api.service.GroupCommit;
import io.switchboard.api.service.PostsConfig;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A post costs PostgreSQL one statement and its share of a commit (a staff post one read more, the revocation
 * check): a lone post is its statement and a commit of its own, concurrent posts share one commit (group commit)
 * and one round trip for their statements (sent pipelined).
 * The database carries a quarter of the server CPU per message, and each round trip was a wait for the request.
 * Counted on the wire, from the JDBC driver's own protocol log (each {@code Sync} ends one round trip).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class PostRoundTripsTest {
    @Inject
    GroupCommit groupCommit;
    @Inject
    PostsConfig config;
    @Inject
    AgroalDataSource db;

    @Test
    void postsThatArriveTogetherCostOneRoundTripForTheirStatementsAndOneSharedCommit() throws Exception {
        long assistantId = createAssistant(unique("batch-trips"));
        String blockerGuest = unique("guest");
        long blocker = openDialog(assistantId, blockerGuest);
        int posts = 6;
        List<String> guests = new ArrayList<>();
        List<Long> dialogs = new ArrayList<>();
        for (int i = 0; i < posts; i++) {
            guests.add(unique("guest"));
            dialogs.add(openDialog(assistantId, guests.get(i)));
        }
        // Warm every pooled connection the committers may take (see the lone post's test below).
        for (int i = 0; i < posts; i++) {
            guestPost(assistantId, guests.get(i), dialogs.get(i), Map.of("text", "warm-up")).then().statusCode(201);
        }
        try (CommitterStall stall = new CommitterStall(groupCommit, db)) {
            Connection lock = stall.lock(blocker);
            stall.stall(config.committers(), () -> guestPost(assistantId, blockerGuest, blocker, Map.of("text", "stall")));
            List<CompletableFuture<Response>> queued = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                String guest = guests.get(i);
                long dialog = dialogs.get(i);
                queued.add(stall.queue(() -> guestPost(assistantId, guest, dialog, Map.of("text", "together"))));
            }
            long trips = roundTrips(() -> {
                CommitterStall.release(lock);
                for (CompletableFuture<Response> f : stall.stalled()) {
                    f.get().then().statusCode(201);
                }
                for (CompletableFuture<Response> f : queued) {
                    f.get().then().statusCode(201);
                }
            });
            // The test's own COMMIT that lets the lock go, each stalled batch's COMMIT (its statement was sent
            // before counting began), then the queued posts: their statements pipelined in one round trip and one
            // COMMIT for all of them (2, where one round trip per statement sent posts + 1, and one transaction per
            // post 2 * posts).
            assertThat(trips).isEqualTo(1 + config.committers() + 2L);
        }
    }
    @Test
    void aLoneGuestPostTakesTwoRoundTripsAndAnOperatorPostOneMoreForTheRevocationCheck() throws Exception {
        long assistantId = createAssistant(unique("trips"));
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        TestApi.Operator operator = createOperator("Counter", assistantId);

        // The steady state is what is counted. A pooled connection's first post also asks the driver for the
        // result's column metadata (one catalog query, cached on the connection), so one post goes first.
        guestPost(assistantId, guestId, dialogId, Map.of("text", "warm-up"));
        assertThat(roundTrips(() -> guestPost(assistantId, guestId, dialogId, Map.of("text", "plain"))))
                .as("guest post").isEqualTo(2);
        assertThat(roundTrips(() -> guestPost(assistantId, guestId, dialogId,
                Map.of("text", "keyed", "client_msg_id", "k-1")))).as("guest post with client_msg_id").isEqualTo(2);
        TestApi.takeOver(operator.token(), dialogId);
        // Plus one primary-key read: every request with a JWT checks that the token was not revoked since
        // (CredentialCheck), uncached, so a sign-out or deactivation refuses REST at once on every replica.
        assertThat(roundTrips(() -> staffPost(operator.token(), dialogId, Map.of("text", "reply"))))
                .as("operator post").isEqualTo(3);
    }

    /** Round trips to PostgreSQL while {@code post} runs; it must answer 201. */
    private static long roundTrips(Supplier<Response> post) throws Exception {
        return roundTrips(() -> {
            post.get().then().statusCode(201);
        });
    }

    /** Something that talks to the service and checks its answers. */
    private interface Exchange {
        void run() throws Exception;
    }

    /** Round trips to PostgreSQL from everything but the background jobs while {@code exchange} runs. */
    private static long roundTrips(Exchange exchange) throws Exception {
        Logger driver = Logger.getLogger("org.postgresql");
        Level level = driver.getLevel();
        boolean parents = driver.getUseParentHandlers();
        List<String> sent = new ArrayList<>();
        Handler wire = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String m = r.getMessage();
                // Background jobs (webhook outbox, email, presence announcements) read on their own
                // switchboard-* threads; that is not the post's cost.
                if (m != null && m.contains("FE=> Sync") && !Thread.currentThread().getName().startsWith("switchboard-")) {
                    synchronized (sent) {
                        sent.add(m);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        driver.addHandler(wire);
        driver.setUseParentHandlers(false);
        driver.setLevel(Level.FINEST);
        try {
            exchange.run();
        } finally {
            driver.setLevel(level);
            driver.setUseParentHandlers(parents);
            driver.removeHandler(wire);
        }
        synchronized (sent) {
            return sent.size();
        }
    }
}
