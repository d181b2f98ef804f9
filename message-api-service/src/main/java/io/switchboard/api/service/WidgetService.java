package io.switchboard.api.service;

import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.publish.RevocationPublisher;
import io.switchboard.events.CloseCodes;
import io.switchboard.events.Revocation;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.WidgetRepository;
import io.switchboard.api.repository.WidgetRow;
import io.switchboard.store.SiteTokens;
import io.switchboard.store.WidgetRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Site widgets: a token (stored only as a hash) that lets a page on the allowed domains open guest dialogs
 * of one assistant. Changing the domains revokes the old token ({@code domains_changed}) and issues a new one.
 */
@ApplicationScoped
public class WidgetService {
    /** Most allowed domains per widget. */
    public static final int MAX_DOMAINS = 50;

    @Inject
    WidgetRepository widgets;
    @Inject
    AssistantRepository assistants;
    @Inject
    SiteTokenVerifier verifier;
    @Inject
    SwitchboardConfig config;
    @Inject
    RevocationPublisher revocations;

    @Transactional
    public Views.WidgetIssued create(Long assistantId, List<String> allowedDomains) {
        long aid = assistantId;
        List<String> domains = domains(allowedDomains);
        if (assistants.find(aid).isEmpty()) {
            throw ApiException.assistantNotFound(aid);
        }
        return issue(aid, domains);
    }

    /** New domains: the old token stops working (reason {@code domains_changed}) and a new one is issued. */
    @Transactional
    public Views.WidgetIssued changeDomains(long widgetId, List<String> allowedDomains) {
        List<String> domains = domains(allowedDomains);
        WidgetRow old = widgets.lock(widgetId).orElseThrow(() -> notFound(widgetId));
        if (old.revoked()) {
            throw ApiException.conflict("widget_revoked", "This widget's token was revoked; change the newest"
                    + " widget of the assistant or create a new one.");
        }
        widgets.revoke(widgetId, SiteTokenVerifier.DOMAINS_CHANGED);
        closeGuestsAfterCommit(widgetId, SiteTokenVerifier.DOMAINS_CHANGED);
        return issue(old.assistantId(), domains);
    }

    /** Revokes the widget's token; a repeat is a no-op. */
    @Transactional
    public void delete(long widgetId) {
        WidgetRow row = widgets.lock(widgetId).orElseThrow(() -> notFound(widgetId));
        if (!row.revoked()) {
            widgets.revoke(widgetId, SiteTokenVerifier.DELETED);
            closeGuestsAfterCommit(widgetId, SiteTokenVerifier.DELETED);
        }
    }

    /**
     * Once the revocation is committed (REST already refuses the token and its guests' credentials), every socket
     * node closes the widget's guests' open sockets and streams with 4401 and the same reason a new connection gets.
     */
    private void closeGuestsAfterCommit(long widgetId, String why) {
        revocations.revokeOnCommit(Revocation.widget(widgetId), CloseCodes.UNAUTHORIZED, "site token revoked (" + why + ")");
    }

    public Views.Widgets list(Long assistantId) {
        return new Views.Widgets(widgets.list(assistantId).stream()
                .map(w -> new Views.Widget(w.id(), w.assistantId(), w.allowedDomains(), w.revoked(), w.revokedReason(),
                        w.createdAt()))
                .toList());
    }

    /**
     * Whether {@code token} may be used on {@code domain}, and why not. The assistant is named only when the token is
     * valid for that domain: a page anywhere else learns nothing about whose token it is.
     */
    public Views.TokenCheck validate(String token, String domain) {
        if (token == null || token.isBlank()) {
            throw ApiException.validation("token is required.");
        }
        if (domain == null || domain.isBlank()) {
            throw ApiException.validation("domain is required, e.g. \"shop.example.com\".");
        }
        Optional<WidgetRecord> row = widgets.byTokenHash(SiteTokens.hash(token.trim()));
        Optional<SiteTokenVerifier.Refusal> refusal = verifier.check(row, domain, false);
        return refusal.map(r -> new Views.TokenCheck(false, r.reason(), null))
                .orElseGet(() -> new Views.TokenCheck(true, null, row.orElseThrow().assistantId()));
    }

    private Views.WidgetIssued issue(long assistantId, List<String> domains) {
        String token = SiteTokens.newToken();
        WidgetRow row = widgets.insert(assistantId, SiteTokens.hash(token), domains);
        return new Views.WidgetIssued(row.id(), assistantId, row.allowedDomains(), token, snippet(token));
    }

    /** The tag a site owner pastes into its pages. */
    public String snippet(String token) {
        String base = config.publicUrls().apiUrl().replaceAll("/+$", "");
        return "<script src=\"" + base + "/widget.js\" data-site-token=\"" + token + "\" async></script>";
    }

    private static List<String> domains(List<String> allowedDomains) {
        Set<String> out = new LinkedHashSet<>();
        for (String d : allowedDomains) {
            String normalized = d == null ? null : SiteTokens.normalizeDomain(d);
            if (normalized == null || normalized.contains(" ") || normalized.indexOf('*', 1) >= 0) {
                throw ApiException.validation("\"" + d + "\" is not a domain; use a host like shop.example.com"
                        + " or *.example.com.");
            }
            out.add(normalized);
        }
        return List.copyOf(out);
    }

    private static ApiException notFound(long widgetId) {
        return ApiException.notFound("widget_not_found", "There is no widget with id " + widgetId + ".");
    }
}
