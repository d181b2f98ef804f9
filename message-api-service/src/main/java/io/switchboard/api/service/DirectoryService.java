package io.switchboard.api.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.IssuedToken;
import io.switchboard.api.auth.TokenIssuer;
import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.AssistantRow;
import io.switchboard.api.repository.UserRepository;
import io.switchboard.api.repository.UserRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Users, assistants, memberships and assistant service tokens. */
@ApplicationScoped
public class DirectoryService {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    /** bcrypt reads at most 72 bytes of a password. */
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final int MIN_PASSWORD = 8;

    @Inject
    UserRepository users;
    @Inject
    AssistantRepository assistants;
    @Inject
    TokenIssuer tokens;
    @Inject
    AfterCommitEvents events;

    public Views.User createUser(String username, String password, String displayName, String role) {
        if (username == null || !USERNAME.matcher(username.trim()).matches()) {
            throw ApiException.validation("username is required: 1 to 100 letters, digits or . _ @ -");
        }
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ApiException.validation("password must be at least " + MIN_PASSWORD + " characters long.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw ApiException.validation("password must be at most " + MAX_PASSWORD_BYTES + " bytes long.");
        }
        String name = Validation.text(displayName, "display_name", 200);
        if (!UserRow.ADMIN.equals(role) && !UserRow.OPERATOR.equals(role)) {
            throw ApiException.validation("role must be \"admin\" or \"operator\".");
        }
        UserRow created = users.insertIfAbsent(username.trim(), BcryptUtil.bcryptHash(password), name, role)
                .orElseThrow(() -> ApiException.conflict("username_taken", "The username \"" + username.trim()
                        + "\" is already taken."));
        return AuthService.view(created);
    }

    /** Every admin sees every assistant: their open {@code /ws} start following the new one at once. */
    @Transactional
    public Views.Assistant createAssistant(String name) {
        AssistantRow a = assistants.insert(Validation.text(name, "name", 200));
        for (long admin : users.adminIds()) {
            events.membershipChanged(admin, a.id(), "assistant_created");
        }
        return new Views.Assistant(a.id(), a.name());
    }

    public Views.Assistants visibleAssistants(Caller caller) {
        return new Views.Assistants(assistants.visibleTo(caller.userId(), caller.isAdmin()).stream()
                .map(a -> new Views.Assistant(a.id(), a.name())).toList());
    }

    /** Member roles on one assistant: {@code admin} members also manage its webhooks and service tokens. */
    public static final String MEMBER_OPERATOR = "operator";
    public static final String MEMBER_ADMIN = "admin";

    @Transactional
    public void addMember(long assistantId, Long userId, String role) {
        long uid = Validation.id(userId, "user_id");
        String memberRole = role == null ? MEMBER_OPERATOR : role.trim();
        if (!MEMBER_OPERATOR.equals(memberRole) && !MEMBER_ADMIN.equals(memberRole)) {
            throw ApiException.validation("role must be \"operator\" or \"admin\" (default \"operator\").");
        }
        assistant(assistantId);
        if (users.find(uid).isEmpty()) {
            throw ApiException.notFound("user_not_found", "There is no user with id " + uid + ".");
        }
        if (assistants.addMember(assistantId, uid, memberRole) > 0) {
            events.membershipChanged(uid, assistantId, "added");
        }
    }

    public Views.AssistantToken assistantToken(long assistantId) {
        IssuedToken token = tokens.forAssistant(assistant(assistantId));
        return new Views.AssistantToken(token.token(), token.expiresIn());
    }

    private AssistantRow assistant(long assistantId) {
        return assistants.find(assistantId).orElseThrow(() -> ApiException.notFound("assistant_not_found",
                "There is no assistant with id " + assistantId + "."));
    }
}
