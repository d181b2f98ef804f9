package io.switchboard.api.webhook;

import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Why the dispatcher's claim and its delivered batch stay native statements ({@link WebhookDispatcher#CLAIM},
 * {@link WebhookDispatcher#DELIVERED}): the same written in HQL (a {@code select ... for update skip locked} of the
 * heads, the lease as an {@code update ... where id in}, a read of the endpoints; an {@code update ... where id in})
 * takes and changes the very same rows, and this measures both, alternating, on one database. The figures (printed,
 * and quoted in docs/performance.md) are what the choice rests on; the assertions are that the two do the same, so
 * the comparison is fair.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class WebhookClaimCostTest {
    private static final int ROWS = 20;
    private static final int WARM_UP = 100;
    private static final int ROUNDS = 300;
    private static final String HEADS = "select d from WebhookDelivery d where d.status = :pending"
            + " and d.nextAttemptAt <= current_timestamp"
            + " and (d.lockedUntil is null or d.lockedUntil < current_timestamp)"
            + " and d.endpointId not in :saturated and not exists (select 1 from WebhookDelivery p"
            + " where p.endpointId = d.endpointId and p.dialogId = d.dialogId and p.status = :pending and p.id < d.id)"
            + " order by d.id";

    @Test
    void theNativeStatementsAndTheirHqlEquivalentsTakeAndChangeTheSameRows() {
        long assistant = createAssistant(unique("claimcost"));
        long endpoint = QuarkusTransaction.requiringNew().call(() -> {
            WebhookEndpoint e = new WebhookEndpoint();
            e.assistantId = assistant;
            e.url = "http://127.0.0.1:9/never";
            e.events = new String[] {WebhookKinds.GUEST_MESSAGE};
            e.secret = "whsec_claimcost";
            e.createdAt = Instant.now();
            e.updatedAt = e.createdAt;
            e.persist();
            return e.id;
        });
        // Other tests' endpoints may have due rows (retries): both claims leave them out, as the dispatcher leaves
        // out an endpoint at its cap, so each takes this endpoint's rows only.
        List<Long> others = new ArrayList<>(QuarkusTransaction.requiringNew().call(() -> WebhookEndpoint
                .getEntityManager().createQuery("select e.id from WebhookEndpoint e where e.id <> :mine", Long.class)
                .setParameter("mine", endpoint).getResultList()));
        others.add(-1L);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        // [wall, app CPU] of: native claim, HQL claim, native delivered batch, HQL delivered batch
        long[][] spent = new long[4][2];
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            boolean counted = round >= WARM_UP;
            // Each round's rows are written and claimed in a transaction that is rolled back: the running dispatcher
            // never sees them, and no round inherits another's row versions.
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    EntityManager em = WebhookDelivery.getEntityManager();
                    for (int i = 0; i < ROWS; i++) {
                        em.createNativeQuery("INSERT INTO webhook_deliveries (endpoint_id, assistant_id, dialog_id,"
                                + " event_id, kind, body, give_up_at) VALUES (?1, ?2, ?3, ?4, 'guest.message',"
                                + " '{\"v\":1}', now() + interval '1 hour')").setParameter(1, endpoint)
                                .setParameter(2, assistant).setParameter(3, -1_000_000L - i)
                                .setParameter(4, unique("evt")).executeUpdate();
                    }
                    List<Long> a = timed(spent[0], counted, cpu, () -> nativeClaim(em, endpoint, others));
                    release(em, a);
                    List<Long> b = timed(spent[1], counted, cpu, () -> hqlClaim(em, endpoint, others));
                    assertThat(b).hasSize(ROWS).containsExactlyElementsOf(a);
                    List<Long> batch = a.subList(0, 16);
                    int c = timed(spent[2], counted, cpu, () -> WebhookDispatcher.delivered(204, batch));
                    pendingAgain(em, batch);
                    int d = timed(spent[3], counted, cpu, () -> em.createQuery(WebhookDispatcher.DELIVERED_HQL)
                            .setParameter(1, 204).setParameter(2, batch).executeUpdate());
                    assertThat(c).isEqualTo(16);
                    assertThat(d).isEqualTo(16);
                    throw new RolledBack();
                });
            } catch (RolledBack expected) {
                // the round's rows are gone
            }
        }
        Log.infof("webhook claim of %d rows, %d rounds: native %.3f ms wall / %.3f ms app CPU per claim;"
                + " HQL %.3f ms wall / %.3f ms app CPU per claim", ROWS, ROUNDS, ms(spent[0][0]), ms(spent[0][1]),
                ms(spent[1][0]), ms(spent[1][1]));
        Log.infof("webhook delivered batch of 16 rows, %d rounds: native %.3f ms wall / %.3f ms app CPU;"
                + " HQL %.3f ms wall / %.3f ms app CPU", ROUNDS, ms(spent[2][0]), ms(spent[2][1]),
                ms(spent[3][0]), ms(spent[3][1]));
    }

    /** Ends a round's transaction with a rollback. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super(null, null, false, false);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6 / ROUNDS;
    }

    private static <T> T timed(long[] into, boolean counted, ThreadMXBean cpu, java.util.function.Supplier<T> work) {
        long wall = System.nanoTime();
        long busy = cpu.getCurrentThreadCpuTime();
        T result = work.get();
        if (counted) {
            into[0] += System.nanoTime() - wall;
            into[1] += cpu.getCurrentThreadCpuTime() - busy;
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Long> nativeClaim(EntityManager em, long endpointId, List<Long> others) {
        List<Object[]> rows = em.createNativeQuery(WebhookDispatcher.CLAIM).setParameter(1, others)
                .setParameter(2, 200).setParameter(3, 32).setParameter(4, 200).setParameter(5, 25_000L)
                .getResultList();
        List<Long> ids = new ArrayList<>();
        for (Object[] r : rows) {
            assertThat(((Number) r[1]).longValue()).isEqualTo(endpointId);
            assertThat((String) r[6]).isNotEmpty(); // url
            ids.add(((Number) r[0]).longValue());
        }
        ids.sort(Long::compare);
        return ids;
    }

    /** The same claim in HQL: heads locked with SKIP LOCKED, at most the cap per endpoint, leased, endpoints read. */
    private static List<Long> hqlClaim(EntityManager em, long endpointId, List<Long> others) {
        List<WebhookDelivery> heads = em.createQuery(HEADS, WebhookDelivery.class)
                .setParameter("pending", WebhookDelivery.PENDING).setParameter("saturated", others)
                .setMaxResults(200).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2).getResultList();
        List<Long> ids = heads.stream().limit(32).map(d -> d.id).toList();
        em.createQuery("update WebhookDelivery set lockedUntil = :until where id in :ids")
                .setParameter("until", Instant.now().plusSeconds(25)).setParameter("ids", ids).executeUpdate();
        List<Object[]> endpoints = em.createQuery("select e.id, e.url, e.secret from WebhookEndpoint e"
                + " where e.id in :ids", Object[].class).setParameter("ids", List.of(endpointId)).getResultList();
        assertThat(endpoints).hasSize(1);
        em.clear();
        List<Long> sorted = new ArrayList<>(ids);
        sorted.sort(Long::compare);
        return sorted;
    }

    private static void pendingAgain(EntityManager em, List<Long> ids) {
        em.createQuery("update WebhookDelivery set status = 'pending', attempts = 0 where id in :ids")
                .setParameter("ids", ids).executeUpdate();
    }

    private static void release(EntityManager em, List<Long> ids) {
        em.createQuery("update WebhookDelivery set lockedUntil = null where id in :ids").setParameter("ids", ids)
                .executeUpdate();
        em.clear();
    }
}
