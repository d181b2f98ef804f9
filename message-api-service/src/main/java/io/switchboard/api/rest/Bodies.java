package io.switchboard.api.rest;

import java.util.List;

/** Request bodies of the REST API (snake_case on the wire); absent fields are null and checked by the services. */
public final class Bodies {
    private Bodies() {
    }

    /** {@code POST /api/auth/login}. */
    public record Login(String username, String password) {
    }

    /** {@code POST .../messages}. */
    public record Message(String text, String clientMsgId) {
    }

    /** {@code POST .../read}. */
    public record Read(Long seq) {
    }

    /**
     * {@code POST /api/widget/dialogs}. {@code guest_token}: the credential of a returning guest (absent for a new
     * one). A {@code guest_id} sent by an old widget is ignored: it proves nothing.
     * {@code context}: optional {@code {page_url, locale, name, email}} operators see (see GuestContexts).
     */
    public record WidgetDialog(Long assistantId, String guestToken,
                               io.switchboard.api.service.GuestContexts.Input context) {
    }

    /** {@code POST /api/site/dialogs}, {@code guest_token} and {@code context} as above. */
    public record SiteDialog(String siteToken, String guestToken, io.switchboard.api.service.GuestContexts.Input context) {
    }

    /** {@code POST /api/widgets}. */
    public record NewWidget(Long assistantId, List<String> allowedDomains) {
    }

    /** {@code PUT /api/widgets/{id}}. */
    public record WidgetDomains(List<String> allowedDomains) {
    }

    /** {@code POST /api/validate-widget-token}. */
    public record TokenCheck(String token, String domain) {
    }

    /** {@code POST /api/assistants}. */
    public record NewAssistant(String name) {
    }

    /** {@code POST /api/users}. */
    public record NewUser(String username, String password, String displayName, String role) {
    }

    /** {@code POST /api/assistants/{id}/members}. */
    public record Member(Long userId, String role) {
    }

    /** {@code POST /api/assistants/{id}/webhooks} and {@code PUT .../webhooks/{wid}}. */
    public record Webhook(String url, List<String> events, Boolean enabled) {
    }

    /** {@code POST /api/dialogs/{id}/typing}. */
    public record Typing(Boolean state) {
    }

    /** {@code POST /api/assistants/{id}/service-tokens}. */
    public record ServiceToken(List<String> scopes) {
    }

    /** {@code POST /api/publish/notifications}. */
    public record PublishNotification(Long userId, String kind, com.fasterxml.jackson.databind.JsonNode payload) {
    }

    /** {@code POST /api/publish/dialogs/{id}/system-messages}. */
    public record SystemMessage(String text) {
    }

    /** {@code POST /api/auth/password}. */
    public record PasswordChange(String oldPassword, String newPassword) {
    }

    /** {@code POST /api/users/{id}/password}. */
    public record PasswordReset(String password) {
    }

    /** Marks the caller's notifications read up to a seq; all of them when absent. */
    public record MarkNotificationsRead(Long upToSeq) {
    }
}
