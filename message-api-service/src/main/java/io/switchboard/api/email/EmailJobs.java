package io.switchboard.api.email;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.service.DaemonThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the email jobs on every replica, each on a thread of its own: the waiting alert and the visitor mail every
 * {@code check-interval}, the inbound mailbox every {@code inbound.poll-interval} when one is configured. The jobs
 * themselves make sure two replicas never send the same mail (see each).
 */
@ApplicationScoped
public class EmailJobs {
    private static final Logger LOG = Logger.getLogger(EmailJobs.class);

    @Inject
    EmailConfig config;
    @Inject
    WaitingAlerts alerts;
    @Inject
    VisitorMail visitors;
    @Inject
    InboundMail inbound;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("email is off (switchboard.email.enabled=false)");
            return;
        }
        timer = Executors.newScheduledThreadPool(2, DaemonThreads.named("switchboard-email"));
        long check = config.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> guarded("waiting alert", alerts::run), check, check, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> guarded("visitor mail", visitors::run), check, check, TimeUnit.MILLISECONDS);
        if (inbound.configured()) {
            long poll = config.inbound().pollInterval().toMillis();
            timer.scheduleWithFixedDelay(() -> guarded("inbound mail", inbound::poll), poll, poll, TimeUnit.MILLISECONDS);
        } else {
            LOG.info("replies by email are not read: switchboard.email.inbound.host is not set");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    interface Job {
        Object run() throws Exception;
    }

    private static void guarded(String name, Job job) {
        try {
            job.run();
        } catch (Exception e) {
            LOG.warnf("%s pass failed: %s", name, e.getMessage());
        }
    }
}
