package io.switchboard.api.rest;

import io.switchboard.api.service.BodyConstraints.MaxCharacters;
import io.switchboard.api.service.BodyConstraints.Password;
import io.switchboard.api.service.WidgetService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Request bodies of the REST API (snake_case on the wire) and their rules (Bean Validation; a message body is
 * {@link io.switchboard.api.service.MessageService.NewMessage}). A broken rule answers
 * 400 {@code validation} with the rule's message ({@link ErrorMapper}); with several broken, the first field's.
 * Rules that depend on the stored state (a role the dialog allows, a taken name) stay in the services.
 */
public final class Bodies {
    private Bodies() {
    }

    /** {@code POST /api/auth/login}. */
    public record Login(@NotBlank(message = "username and password are required.") String username,
                        @NotEmpty(message = "username and password are required.") String password) {
    }

    /** {@code POST .../read}. */
    public record Read(@NotNull(message = "seq is required: the seq of the newest message you have read.")
                       @PositiveOrZero(message = "seq must not be negative.") Long seq) {
    }

    /**
     * {@code POST /api/widget/dialogs}. {@code guest_token}: the credential of a returning guest (absent for a new
     * one). A {@code guest_id} sent by an old widget is ignored: it proves nothing.
     * {@code context}: optional {@code {page_url, locale, name, email}} operators see (see GuestContexts).
     */
    public record WidgetDialog(@NotNull(message = "assistant_id is required and must be a number.")
                               @Positive(message = "assistant_id must be a positive number.") Long assistantId,
                               String guestToken, io.switchboard.api.service.GuestContexts.Input context) {
    }

    /** {@code POST /api/site/dialogs}, {@code guest_token} and {@code context} as above. */
    public record SiteDialog(String siteToken, String guestToken, io.switchboard.api.service.GuestContexts.Input context) {
    }

    /** {@code POST /api/widgets}; each domain is checked by WidgetService. */
    public record NewWidget(@NotNull(message = "assistant_id is required and must be a number.")
                            @Positive(message = "assistant_id must be a positive number.") Long assistantId,
                            @NotEmpty(message = ALLOWED_DOMAINS_REQUIRED)
                            @Size(max = MAX_DOMAINS, message = TOO_MANY_DOMAINS) List<String> allowedDomains) {
    }

    /** {@code PUT /api/widgets/{id}}. */
    public record WidgetDomains(@NotEmpty(message = ALLOWED_DOMAINS_REQUIRED)
                                @Size(max = MAX_DOMAINS, message = TOO_MANY_DOMAINS) List<String> allowedDomains) {
    }

    private static final int MAX_DOMAINS = WidgetService.MAX_DOMAINS;
    private static final String ALLOWED_DOMAINS_REQUIRED =
            "allowed_domains must list at least one domain, e.g. [\"shop.example.com\"].";
    private static final String TOO_MANY_DOMAINS = "allowed_domains may list at most " + MAX_DOMAINS + " domains.";

    /** {@code POST /api/validate-widget-token}. */
    public record TokenCheck(String token, String domain) {
    }

    /** {@code POST /api/assistants}. */
    public record NewAssistant(@NotBlank(message = "name is required and must not be empty.")
                               @MaxCharacters(value = 200, message = "name must be at most 200 characters long.")
                               String name) {
    }

    /** {@code POST /api/users}; the username's own rules are the store's ({@code Accounts}), checked by the service. */
    public record NewUser(String username,
                          @Password(field = "password") String password,
                          @NotBlank(message = "display_name is required and must not be empty.")
                          @MaxCharacters(value = 200, message = "display_name must be at most 200 characters long.")
                          String displayName,
                          @NotNull(message = USER_ROLE) @jakarta.validation.constraints.Pattern(regexp = "admin|operator",
                                  message = USER_ROLE) String role) {
    }

    private static final String USER_ROLE = "role must be \"admin\" or \"operator\".";

    /** {@code POST /api/assistants/{id}/members}; {@code role} defaults to {@code operator}. */
    public record Member(@NotNull(message = "user_id is required and must be a number.")
                         @Positive(message = "user_id must be a positive number.") Long userId,
                         @jakarta.validation.constraints.Pattern(regexp = "\\s*(operator|admin)\\s*",
                                 message = "role must be \"operator\" or \"admin\" (default \"operator\").") String role) {
    }

    /**
     * {@code POST /api/assistants/{id}/canned-replies} and {@code PUT .../canned-replies/{rid}}: the name operators type
     * after {@code /} (stored in lower case, unique per assistant) and the text it inserts.
     */
    public record CannedReply(@NotNull(message = CANNED_NAME)
                              @jakarta.validation.constraints.Pattern(regexp = "\\s*" + io.switchboard.api.entity.CannedReply.NAME_PATTERN
                                      + "\\s*", message = CANNED_NAME) String name,
                              @NotBlank(message = "text is required and must not be empty.")
                              @MaxCharacters(value = io.switchboard.api.entity.CannedReply.MAX_TEXT, message = "text must be at most "
                                      + io.switchboard.api.entity.CannedReply.MAX_TEXT + " characters long.") String text) {
    }

    private static final String CANNED_NAME = "name is required: 1 to " + io.switchboard.api.entity.CannedReply.MAX_NAME
            + " letters, digits, \"-\" or \"_\", starting with a letter or a digit, e.g. \"refund\".";

    /** {@code POST /api/assistants/{id}/webhooks} and {@code PUT .../webhooks/{wid}}. */
    public record Webhook(String url, List<String> events, Boolean enabled) {
    }

    /** {@code POST /api/dialogs/{id}/typing}. */
    public record Typing(@NotNull(message = "state is required: true while typing, false when stopped.") Boolean state) {
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
    public record PasswordChange(@NotEmpty(message = "old_password is required.") String oldPassword,
                                 @Password(field = "new_password") String newPassword) {
    }

    /** {@code POST /api/users/{id}/password}. */
    public record PasswordReset(@Password(field = "password") String password) {
    }

    /** Marks the caller's notifications read up to a seq; all of them when absent. */
    public record MarkNotificationsRead(Long upToSeq) {
    }
}
