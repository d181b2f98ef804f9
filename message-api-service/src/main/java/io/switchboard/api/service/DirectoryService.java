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
import io.switchboard.store.Accounts;

/** Users, assistants, memberships and assistant service tokens. */
@ApplicationScoped
public class DirectoryService {

    @Inject
    UserRepository users;
    @Inject
    AssistantRepository assistants;
    @Inject
    TokenIssuer tokens;
    @Inject
    AfterCommitEvents events;

    @Transactional
    public Views.User createUser(String username, String password, String displayName, String role) {
        Accounts.usernameProblem(username).ifPresent(problem -> {
            throw ApiException.validation(problem);
        });
        Validation.password(password, "password");
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
