package io.switchboard.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;

/** Every setting of message-api-service that a deployer may change (prefix {@code switchboard}). */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /** Token issuing. */
    Jwt jwt();

    /** Redis channel and key names. */
    Channels channels();

    /** URLs a browser uses to reach the services. */
    @WithName("public")
    PublicUrls publicUrls();

    /** Long-poll behaviour of the message history endpoints. */
    LongPoll longPoll();

    /** How events leave for Redis. */
    Publish publish();

    /** Abuse limits. */
    Limits limits();

    /** Development seed data. */
    Seed seed();

    /** Outgoing webhooks: delivery from the outbox. */
    Webhooks webhooks();

    /** The built-in demo bot of the local run. */
    DemoBot demoBot();

    /** Operators' presence (docs/presence.md): when idle means away, how often changes are announced. */
    Presence presence();
    /** Automatic assignment of waiting dialogs (docs/operators.md, "Assignment"). */
    Assignment assignment();

    /**
     * Origins of Switchboard's own pages (where its widget iframe is served), always accepted on site endpoints
     * besides the origin of {@code switchboard.public.api-url}; {@code none} for no others.
     */
    @WithDefault("none")
    List<String> trustedOrigins();

    /** Accept {@code localhost} and {@code 127.0.0.1} (any port) as allowed site domains; development only. */
    @WithDefault("false")
    boolean allowLocalhostOrigins();

    /** Token issuing. */
    interface Jwt {
        /** The {@code iss} claim of issued tokens; verification expects the same value ({@code mp.jwt.verify.issuer}). */
        @WithDefault("switchboard")
        String issuer();

        /** The {@code aud} claim of issued tokens ({@code mp.jwt.verify.audiences} must contain it). */
        @WithDefault("switchboard")
        String audience();

        /** Lifetime of an operator's login token. */
        @WithDefault("12h")
        Duration lifetime();

        /** Lifetime of an assistant service token. */
        @WithDefault("365d")
        Duration assistantTokenLifetime();
    }

    /** Redis channel and key names; the socket services read the same {@code switchboard.channels.*} keys. */
    interface Channels {
        /** Prefix of dialog and assistant channels and of socket tickets ({@code ws:dialog:1}, {@code ws:ticket:…}). */
        @WithDefault("ws:")
        String wsPrefix();

        /** Prefix of the per-operator notification channels. */
        @WithDefault("notifications:")
        String notificationsPrefix();

        /** How long a one-time socket ticket stays valid. */
        @WithDefault("30s")
        Duration ticketTtl();
    }

    /** URLs a browser uses to reach the services. */
    interface PublicUrls {
        /** Public base URL of this API; the widget embed snippet loads {@code widget.js} from it. */
        @WithDefault("http://localhost:8080")
        String apiUrl();

        /** Base URL of admin-ws-service as a browser reaches it; {@code none} means the page's own origin. */
        @WithDefault("http://localhost:8081")
        String adminWsUrl();

        /** Base URL of widget-ws-service as a browser reaches it; {@code none} means the page's own origin. */
        @WithDefault("http://localhost:8082")
        String widgetWsUrl();
    }

    /** Long-poll behaviour of the message history endpoints. */
    interface LongPoll {
        /** The longest {@code wait} a request may ask for; longer asks are cut to this. */
        @WithDefault("30s")
        Duration maxWait();

        /** How often waiting requests re-check PostgreSQL, so they answer even when Redis is down. */
        @WithDefault("2s")
        Duration recheckInterval();

        /** Delay before the Redis subscriber that wakes waiters reconnects after losing its connection. */
        @WithDefault("1s")
        Duration resubscribeDelay();
    }

    /** How events leave for Redis. */
    interface Publish {
        /** How long a failed publish is retried (in order) before it is dropped; subscribers then repair from seq. */
        @WithDefault("5s")
        Duration retryFor();

        /** An attempt Redis has not answered within this long counts as failed. */
        @WithDefault("2s")
        Duration attemptTimeout();

        /** Pause between two attempts of a failed publish. */
        @WithDefault("250ms")
        Duration retryDelay();

        /** A seq reserved by a transaction that never completes stops holding later events back after this long. */
        @WithDefault("2m")
        Duration stuckSeqTimeout();

        /** Events waiting for Redis per dialog; beyond it the newest are dropped and counted. */
        @WithDefault("10000")
        int maxQueuedPerDialog();
    }

    /**
     * Addresses or CIDR ranges of the reverse proxies in front of this service (nginx, the Ingress controller):
     * only from them is {@code X-Forwarded-For} believed when limits look at the client's address; {@code none}
     * trusts nobody (every request counts for its TCP peer). The socket services read the same key.
     */
    @WithDefault("none")
    List<String> trustedProxies();

    /**
     * Abuse limits (docs/security.md). Rates are {@code <count>/<period>} ({@code 20/10m}: 20 at once, 20 more
     * per 10 minutes) or {@code off}. Their state is in Redis, so they hold in sum across replicas; while Redis
     * does not answer they hold per replica.
     */
    interface Limits {
        /** Messages one guest may post per minute in one dialog (always on). */
        @WithDefault("30")
        int guestMessagesPerMinute();

        /**
         * The per-address and per-assistant limits below, and the login throttling; {@code false} only for load
         * tests and test systems whose clients all share one address.
         */
        @WithDefault("true")
        boolean enabled();

        /** New guest dialogs per client address. */
        @WithDefault("20/10m")
        String dialogsPerAddress();

        /** New guest dialogs per assistant, from all addresses together. */
        @WithDefault("600/1m")
        String dialogsPerAssistant();

        /** Guest posts per client address, across all its dialogs. */
        @WithDefault("60/1m")
        String guestPostsPerAddress();

        /** Guest posts per assistant, from all addresses together. */
        @WithDefault("3000/1m")
        String guestPostsPerAssistant();

        /** Guests' handoff requests per client address. */
        @WithDefault("5/10m")
        String handoffsPerAddress();

        /** Guests' handoff requests per assistant. */
        @WithDefault("200/10m")
        String handoffsPerAssistant();

        /** Long-polls waiting at once per client address (0 = no limit). */
        @WithDefault("20")
        int longPollWaitersPerAddress();

        /** Long-polls waiting at once per guest dialog (0 = no limit). */
        @WithDefault("3")
        int longPollWaitersPerDialog();

        /** Failed logins per client address, whatever the names (spraying). */
        @WithDefault("20/15m")
        String loginFailuresPerAddress();

        /** Failed logins of one name from one address before each further one adds a growing delay. */
        @WithDefault("5")
        int loginFreeFailures();

        /** The first delay after the free failures; it doubles with every further failure. */
        @WithDefault("1s")
        Duration loginDelay();

        /** The longest delay between two login attempts of one name from one address. */
        @WithDefault("5m")
        Duration loginMaxDelay();

        /** How long a Redis answer may take before this replica's own counters decide. */
        @WithDefault("250ms")
        Duration redisTimeout();
    }

    /** Development seed data. */
    interface Seed {
        /** Create admin/admin123, "Demo assistant" and its site widget at start; never enable in production. */
        @WithDefault("false")
        boolean enabled();

        /** The demo widget's site token. */
        @WithDefault("st_dev_demo_token")
        String demoSiteToken();

        /** Domains the demo widget may be embedded on. */
        @WithDefault("localhost,127.0.0.1")
        List<String> demoDomains();
    }

    /** Outgoing webhooks: delivery from the outbox. */
    interface Webhooks {
        /** This replica delivers pending webhooks (every replica may; rows are claimed with SKIP LOCKED). */
        @WithDefault("true")
        boolean deliver();

        /**
         * The replica that commits an event sends its outbox rows itself, straight after the commit, from memory
         * (the rows are leased to it by their {@code INSERT}); the claim then only takes retries, a dead replica's
         * rows and what the direct path handed on. Off: every row waits for a claim.
         */
        @WithDefault("true")
        boolean direct();

        /** Most rows per endpoint held in memory by the direct path waiting for a free slot; more go to the claim. */
        @WithDefault("10000")
        int directQueue();

        /** How long a delivery is retried from its first attempt before it is marked {@code failed}. */
        @WithDefault("24h")
        Duration retryFor();

        /** Delay before the second attempt; each further attempt waits about twice as long (with jitter). */
        @WithDefault("1s")
        Duration backoffInitial();

        /** The longest wait between two attempts. */
        @WithDefault("1h")
        Duration backoffMax();

        /** An endpoint that has not answered within this long counts as failed for that attempt. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Endpoints may be (and deliveries may go to) loopback, link-local, private and metadata addresses. Off in
         * prod (the SSRF guard, {@code WebhookTargets}); the dev and test profiles turn it on for local receivers.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** Deliveries in flight at once to one endpoint from one replica. */
        @WithDefault("8")
        int concurrencyPerEndpoint();

        /** How often a replica looks for due deliveries besides being woken by its own commits. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Most deliveries claimed at once. */
        @WithDefault("200")
        int batchSize();
    }

    /** The built-in demo bot of the local run ({@code %dev} only): a real webhook receiver inside message-api. */
    interface DemoBot {
        /** Subscribe the demo assistant's webhook to the bot at start and answer through the REST API. */
        @WithDefault("false")
        boolean enabled();

        /** Base URL under which this message-api reaches itself (webhook target and the bot's REST calls). */
        @WithDefault("http://127.0.0.1:${quarkus.http.port:8080}")
        String selfUrl();
    }

    /** Operators' presence (docs/presence.md). The socket services write it; this service reads and announces it. */
    interface Presence {
        /** An operator with open connections but no activity reported for longer than this is away. */
        @WithDefault("5m")
        Duration idleAfter();

        /**
         * How often one replica compares every member's presence with what was last announced and publishes
         * {@code presence:update} for the changes (connections opened or closed, lapsed by a killed node, idle).
         */
        @WithDefault("2s")
        Duration announceInterval();

        /** How long a visitor's "last seen" is kept (a long-poll read counts as seen); the socket services' same key. */
        @WithDefault("30d")
        Duration guestSeenTtl();
    }

    /** Automatic assignment of waiting dialogs to online members, for assistants that switched it on. */
    interface Assignment {
        /**
         * How often this replica looks for waiting dialogs of such assistants that are still unassigned (an
         * operator came online, or one at the cap closed a dialog); a handoff is assigned at once besides.
         * {@code 0} = this replica only assigns at handoffs.
         */
        @WithDefault("10s")
        Duration sweepInterval();

        /** Most waiting dialogs one pass assigns for one assistant (the next pass takes the rest). */
        @WithDefault("50")
        int batchSize();
    }

    /** Helper: a configured URL where {@code none} or blank means "same origin". */
    static String urlOrSameOrigin(String value) {
        return value == null || value.isBlank() || "none".equalsIgnoreCase(value.trim()) ? "" : value.trim();
    }

    /** Helper: the trusted origins without the {@code none} placeholder. */
    static List<String> realOrigins(List<String> values) {
        return values.stream().map(String::trim).filter(v -> !v.isEmpty() && !"none".equalsIgnoreCase(v)).toList();
    }
}
