package io.switchboard.socket.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of a socket service (admin-ws and widget-ws share this one mapping). Environment
 * variables follow the usual rule: {@code switchboard.limits.outbound-queue} is
 * {@code SWITCHBOARD_LIMITS_OUTBOUND_QUEUE}.
 */
@ConfigMapping(prefix = "switchboard")
public interface SocketConfig {

    /** Redis channel names. */
    Channels channels();

    /** Per-dialog ordering, gap repair and catch-up. */
    Delivery delivery();

    /** Per-connection limits. */
    Limits limits();

    /** Server-Sent Events settings. */
    Sse sse();

    /** Browser origins allowed on the admin and widget endpoints (sockets and SSE). */
    Cors cors();

    /** Site-token endpoint settings. */
    Site site();

    /**
     * Origins that may use any site token besides its own allowed domains: the origin that serves
     * the widget iframe (message-api in dev). Entries are full origins ({@code https://chat.example.com})
     * or bare hosts.
     */
    @WithDefault("http://localhost:8080,http://127.0.0.1:8080")
    List<String> trustedOrigins();

    /** Graceful shutdown. */
    Shutdown shutdown();

    /**
     * Addresses or CIDR ranges of the reverse proxies in front of this service: only from them is
     * {@code X-Forwarded-For} believed for per-address limits; {@code none} trusts nobody.
     */
    @WithDefault("none")
    List<String> trustedProxies();

    /** What admitting and keeping a connection costs: admission caches, node-wide heartbeats, connection logs. */
    Connections connections();

    /** Presence in Redis: operators' and visitors' open connections (docs/presence.md). */
    Presence presence();

    /** Redis channel names. */
    interface Channels {
        /** Prefix of the dialog, assistant and ticket keys ({@code ws:dialog:{id}}). */
        @WithDefault("ws:")
        String wsPrefix();

        /** Prefix of the per-operator notification channels ({@code notifications:{user_id}}). */
        @WithDefault("notifications:")
        String notificationsPrefix();
    }

    /** Per-dialog ordering, gap repair and catch-up. */
    interface Delivery {
        /** How long a later seq waits for a missing earlier one before the gap is filled from PostgreSQL. */
        @WithDefault("150ms")
        Duration holdBack();

        /** How often dialogs.last_seq is compared with what this node delivered (repairs publishes lost while Redis was down). */
        @WithDefault("2s")
        Duration sweepInterval();

        /** Rows read from PostgreSQL per catch-up or repair query. */
        @WithDefault("500")
        int pageSize();

        /** How long a new subscription waits for Redis to confirm SUBSCRIBE before catching up anyway. */
        @WithDefault("3s")
        Duration subscribeTimeout();

        /** Pause between attempts to reconnect the Redis subscriber connection. */
        @WithDefault("500ms")
        Duration redisReconnectDelay();

        /** How often the Redis subscriber connection is checked with a PING. */
        @WithDefault("5s")
        Duration redisPingInterval();

        /**
         * A subscriber connection that neither answers a PING nor delivers any event within this long counts as lost
         * (it is reconnected and its dialogs repaired from PostgreSQL).
         */
        @WithDefault("3s")
        Duration redisPingTimeout();
    }

    /** Per-connection limits. */
    interface Limits {
        /** Frames not yet written to the network per connection; over it the connection closes with 4408 (slow consumer). */
        @WithDefault("1000")
        int outboundQueue();

        /**
         * Bytes of outbound frames queued on this node across all connections (payload plus ~400 bytes per frame,
         * counted per connection); over it the connections with the largest queues close with 4408 (0 = half the
         * maximum heap).
         */
        @WithDefault("0")
        long nodeOutboundBytes();

        /** Sustained inbound frames per second per connection; beyond rate and burst the connection closes with 4429. */
        @WithDefault("20")
        int framesPerSecond();

        /** Inbound frames a connection may send at once before the per-second rate applies. */
        @WithDefault("40")
        int frameBurst();

        /** Open sockets and SSE streams per guest (assistant + guest) on one node; beyond it 4429 / HTTP 429. */
        @WithDefault("10")
        int connectionsPerGuest();

        /** Live events held for one connection while its catch-up runs; beyond it the connection closes with 4408. */
        @WithDefault("10000")
        int heldDuringCatchUp();

        /**
         * Largest inbound text frame in bytes; a larger one gets an error frame and close 1009. The transport
         * limit ({@code quarkus.websockets-next.server.max-frame-size}) is set higher so such a frame is read to
         * its end and the close reaches the client, instead of a connection reset that shows as a bare 1006.
         */
        @WithDefault("65536")
        int maxFrameBytes();

        /** A WebSocket peer that has not answered a ping for this long is closed and cleaned up (0 = never). */
        @WithDefault("75s")
        Duration pongTimeout();

        /**
         * The per-address limits below; {@code false} only for load tests and test systems whose clients all
         * share one address (message-api reads the same key).
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * New sockets and SSE streams per client address, in sum over every node ({@code <count>/<period>} or
         * {@code off}); beyond it 4429 / HTTP 429.
         */
        @WithDefault("30/1m")
        String upgradesPerAddress();

        /**
         * Catch-ups that replay more than {@code replay-free-events} events (a subscribe with an old
         * {@code after_seq}) per client address, in sum over every node; beyond it 4429.
         */
        @WithDefault("30/1m")
        String replaysPerAddress();

        /** A catch-up of at most this many events is free: ordinary reconnects never count as replays. */
        @WithDefault("100")
        int replayFreeEvents();

        /** How long a Redis answer may take before this node's own counters decide. */
        @WithDefault("250ms")
        Duration redisTimeout();
    }

    /** Server-Sent Events settings. */
    interface Sse {
        /** Interval of {@code : heartbeat} comments that keep proxies from cutting a quiet stream. */
        @WithDefault("15s")
        Duration heartbeat();

        /** The {@code retry:} value sent first: how long a browser waits before reconnecting. */
        @WithDefault("5000")
        long retryMillis();
    }

    /** Browser origins allowed on the admin and widget endpoints. */
    interface Cors {
        /**
         * Origins allowed to open admin and widget sockets and SSE streams (a request without
         * {@code Origin}, e.g. curl, is always allowed; {@code *} allows every origin).
         */
        @WithDefault("http://localhost:8080,http://127.0.0.1:8080")
        List<String> allowedOrigins();
    }

    /** Site-token endpoint settings. */
    interface Site {
        /** Allow localhost and 127.0.0.1 (any port) as Origin for every site token: on in dev and test only. */
        @WithDefault("false")
        boolean allowLocalhost();
    }

    /** Graceful shutdown. */
    interface Shutdown {
        /** Clients are told to reconnect after a random delay up to this, so they do not all come back at once. */
        @WithDefault("5s")
        Duration reconnectSpread();

        /**
         * Longest time the drain after SIGTERM may take: close handshakes, pending writes and catch-ups
         * finish within it, then the process exits ({@code SWITCHBOARD_DRAIN_TIMEOUT} in the manifests).
         */
        @WithDefault("20s")
        Duration drainTimeout();

        /**
         * How long readiness reports DOWN before clients are told to reconnect, so a load balancer that polls
         * readiness stops sending new connections first (part of the drain timeout; Kubernetes' preStop sleep does
         * this job there).
         */
        @WithDefault("0s")
        Duration closeDelay();
    }

    /** What admitting and keeping a connection costs: admission caches, node-wide heartbeats, connection logs. */
    interface Connections {
        /**
         * Interval of server pings to WebSocket clients, so proxies with 60 s idle timeouts keep quiet sockets;
         * one node-wide timer sends them, spread over the interval (0 = no pings, no pong timeout).
         */
        @WithDefault("25s")
        Duration pingInterval();

        /** Verified JWTs remembered by their SHA-256 until their {@code exp}, so reconnects skip the RSA check (0 = off). */
        @WithDefault("10000")
        int verifiedTokens();

        /**
         * How long an access answer (an operator's assistants, a dialog's owner, a site token's row) is reused for
         * new connections; a revoked membership or site token keeps admitting new connections for at most this long
         * (open connections were never re-checked). 0 = query for every connection.
         */
        @WithDefault("5s")
        Duration accessCacheTtl();

        /**
         * How often every open session's credentials and access are checked against PostgreSQL: the bound on how
         * long a revocation whose Redis message was lost (Redis down, a node reconnecting) keeps a session open. A
         * revocation that arrives through Redis closes sessions at once, and every Redis reconnect rechecks too.
         */
        @WithDefault("30s")
        Duration revocationRecheck();

        /** Log every connection's attempt, acceptance and normal close at INFO instead of DEBUG (refusals and abnormal closes are INFO anyway). */
        @WithDefault("false")
        boolean logEachConnection();
    }

    /**
     * Presence in Redis ({@code io.switchboard.presence.PresenceKeys}): each open operator or visitor connection is
     * a member scored with the moment it lapses; one node-wide timer pushes every score forward, so a node killed
     * with {@code kill -9} takes its connections with it after at most {@code lapse}.
     */
    interface Presence {
        /** How long a connection counts as present after its node last confirmed it. */
        @WithDefault("30s")
        Duration lapse();

        /** How often the node confirms all its connections at once (one pipelined batch); well below {@code lapse}. */
        @WithDefault("10s")
        Duration refreshInterval();

        /** How long a visitor's "last seen" is kept after their last connection. */
        @WithDefault("30d")
        Duration guestSeenTtl();
    }
}
