package io.switchboard.api.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.AssistantRow;
import io.switchboard.api.repository.UserRepository;
import io.switchboard.api.repository.UserRow;
import io.switchboard.api.repository.WidgetRepository;
import io.switchboard.store.SiteTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Development and test data (only when {@code switchboard.seed.enabled}): user admin, "Demo assistant" and a
 * site widget for it. Idempotent, so restarts and several replicas starting at once leave one of each.
 */
@ApplicationScoped
public class DevSeed {
    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin123";
    public static final String DEMO_ASSISTANT = "Demo assistant";
    private static final long SEED_LOCK = 0x5EED_0001L;

    @Inject
    SwitchboardConfig config;
    @Inject
    EntityManager em;
    @Inject
    UserRepository users;
    @Inject
    AssistantRepository assistants;
    @Inject
    WidgetRepository widgets;

    void onStart(@Observes StartupEvent ev, DevSeed self) {
        if (config.seed().enabled()) {
            self.seed();
        }
    }

    @Transactional
    public void seed() {
        // Replicas starting at once seed one after the other. Native SQL, and why: a PostgreSQL advisory lock is a
        // function call that touches no table, and HQL has no statement that only calls a function; it runs through
        // the session, so it holds until this transaction ends.
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)").setParameter(1, SEED_LOCK).getResultList();
        if (users.findByUsername(ADMIN_USERNAME).isEmpty()) {
            users.insertIfAbsent(ADMIN_USERNAME, BcryptUtil.bcryptHash(ADMIN_PASSWORD), "Administrator", UserRow.ADMIN);
        }
        AssistantRow demo = assistants.findByName(DEMO_ASSISTANT).orElseGet(() -> assistants.insert(DEMO_ASSISTANT));
        widgets.insertIfAbsent(demo.id(), SiteTokens.hash(config.seed().demoSiteToken()), config.seed().demoDomains());
        Log.infof("Development seed in place: user %s, assistant \"%s\" (id %d) with a demo site widget",
                ADMIN_USERNAME, DEMO_ASSISTANT, demo.id());
    }
}
