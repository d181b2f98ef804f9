package io.switchboard.deploy;

import java.net.URI;
import java.util.List;

/**
 * The routing contract of SPEC §3, §5 and §6 (plus the static pages and REST paths agreed in
 * rest-shapes.md): one concrete sample URL per public route and the service that must answer
 * it. The Ingress and the nginx config are both checked against this one list.
 */
final class SpecRoutes {

    /** Who answers a public path. */
    enum Target {
        MESSAGE_API("message-api-service"),
        ADMIN_WS("admin-ws-service"),
        WIDGET_WS("widget-ws-service"),
        /** Not reachable from outside: the proxy's own 404. */
        NOT_PUBLISHED(null);

        final String service;

        Target(String service) {
            this.service = service;
        }
    }

    /** What kind of response travels on the route, which decides its proxy timeouts and buffering. */
    enum Kind {
        REST, STATIC, WEBSOCKET, SSE, OPERATIONAL
    }

    /** One sample request and where it must end up. */
    record Route(String sampleUrl, Target target, Kind kind) {
        String path() {
            return URI.create(sampleUrl).getRawPath();
        }

        boolean isStream() {
            return kind == Kind.WEBSOCKET || kind == Kind.SSE;
        }

        @Override
        public String toString() {
            return sampleUrl + " -> " + (target.service == null ? "not published" : target.service);
        }
    }

    static final List<Route> ALL = List.of(
            // message-api-service: REST (SPEC §3, rest-shapes.md)
            new Route("/api/auth/login", Target.MESSAGE_API, Kind.REST),
            new Route("/api/ws-ticket", Target.MESSAGE_API, Kind.REST),
            new Route("/api/client-config", Target.MESSAGE_API, Kind.REST),
            new Route("/api/dialogs?status=bot&limit=50", Target.MESSAGE_API, Kind.REST),
            new Route("/api/dialogs/17", Target.MESSAGE_API, Kind.REST),
            new Route("/api/dialogs/17/messages?after_seq=40&limit=200&wait=25", Target.MESSAGE_API, Kind.REST),
            new Route("/api/dialogs/17/takeover", Target.MESSAGE_API, Kind.REST),
            new Route("/api/dialogs/17/release", Target.MESSAGE_API, Kind.REST),
            new Route("/api/dialogs/17/close", Target.MESSAGE_API, Kind.REST),
            new Route("/api/dialogs/17/read", Target.MESSAGE_API, Kind.REST),
            new Route("/api/widget/dialogs", Target.MESSAGE_API, Kind.REST),
            new Route("/api/widget/dialogs/17/messages?assistant_id=3&guest_token=gt_g1&after_seq=0", Target.MESSAGE_API, Kind.REST),
            new Route("/api/widget/dialogs/17/handoff?assistant_id=3&guest_token=gt_g1", Target.MESSAGE_API, Kind.REST),
            new Route("/api/widget/dialogs/17/read?assistant_id=3&guest_token=gt_g1", Target.MESSAGE_API, Kind.REST),
            new Route("/api/site/dialogs", Target.MESSAGE_API, Kind.REST),
            new Route("/api/site/dialogs/17/messages?site_token=st_secret&guest_token=gt_g1", Target.MESSAGE_API, Kind.REST),
            new Route("/api/site/dialogs/17/handoff?site_token=st_secret&guest_token=gt_g1", Target.MESSAGE_API, Kind.REST),
            new Route("/api/site/dialogs/17/read?site_token=st_secret&guest_token=gt_g1", Target.MESSAGE_API, Kind.REST),
            new Route("/api/widgets?assistant_id=3", Target.MESSAGE_API, Kind.REST),
            new Route("/api/widgets/5", Target.MESSAGE_API, Kind.REST),
            new Route("/api/validate-widget-token", Target.MESSAGE_API, Kind.REST),
            new Route("/api/notifications?after=10&limit=50", Target.MESSAGE_API, Kind.REST),
            new Route("/api/notifications/5/read", Target.MESSAGE_API, Kind.REST),
            new Route("/api/notifications/read", Target.MESSAGE_API, Kind.REST),
            new Route("/api/assistants", Target.MESSAGE_API, Kind.REST),
            new Route("/api/assistants/3/members", Target.MESSAGE_API, Kind.REST),
            new Route("/api/assistants/3/token", Target.MESSAGE_API, Kind.REST),
            new Route("/api/users", Target.MESSAGE_API, Kind.REST),
            // message-api-service: static pages
            new Route("/", Target.MESSAGE_API, Kind.STATIC),
            new Route("/admin/", Target.MESSAGE_API, Kind.STATIC),
            new Route("/admin", Target.MESSAGE_API, Kind.STATIC),
            new Route("/demo", Target.MESSAGE_API, Kind.STATIC),
            new Route("/admin/dialogs.html", Target.MESSAGE_API, Kind.STATIC),
            new Route("/widget.js", Target.MESSAGE_API, Kind.STATIC),
            new Route("/widget/", Target.MESSAGE_API, Kind.STATIC),
            new Route("/widget/chat.html?site_token=st_secret", Target.MESSAGE_API, Kind.STATIC),
            new Route("/demo/", Target.MESSAGE_API, Kind.STATIC),
            new Route("/js/switchboard-client.js", Target.MESSAGE_API, Kind.STATIC),
            // admin-ws-service (SPEC §5, §6)
            new Route("/ws?token=jwt-secret", Target.ADMIN_WS, Kind.WEBSOCKET),
            new Route("/ws?ticket=ticket-secret", Target.ADMIN_WS, Kind.WEBSOCKET),
            new Route("/ws/dialogs/17?ticket=ticket-secret&after_seq=40", Target.ADMIN_WS, Kind.WEBSOCKET),
            new Route("/api/dialogs/17/events?token=jwt-secret", Target.ADMIN_WS, Kind.SSE),
            new Route("/api/events?token=jwt-secret", Target.ADMIN_WS, Kind.SSE),
            new Route("/api/sse/health", Target.ADMIN_WS, Kind.OPERATIONAL),
            new Route("/api/sse/stats", Target.ADMIN_WS, Kind.OPERATIONAL),
            // widget-ws-service (SPEC §5, §6)
            new Route("/ws/widget/dialogs/17?assistant_id=3&guest_token=gt_g1", Target.WIDGET_WS, Kind.WEBSOCKET),
            new Route("/ws/site/dialogs/17?site_token=st_secret&guest_token=gt_g1", Target.WIDGET_WS, Kind.WEBSOCKET),
            new Route("/api/widget/dialogs/17/events?assistant_id=3&guest_token=gt_g1", Target.WIDGET_WS, Kind.SSE),
            new Route("/api/site/dialogs/17/events?site_token=st_secret&guest_token=gt_g1", Target.WIDGET_WS, Kind.SSE),
            // Operational endpoints stay inside the cluster / host.
            new Route("/q/metrics", Target.NOT_PUBLISHED, Kind.OPERATIONAL),
            new Route("/q/health/ready", Target.NOT_PUBLISHED, Kind.OPERATIONAL),
            new Route("/administrator", Target.NOT_PUBLISHED, Kind.OPERATIONAL),
            new Route("/ws/unknown/17", Target.NOT_PUBLISHED, Kind.OPERATIONAL));

    private SpecRoutes() {
    }
}
