package io.switchboard.api.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.IssuedToken;
import io.switchboard.api.auth.TokenIssuer;
import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.publish.RevocationPublisher;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.AssistantRow;
import io.switchboard.api.repository.UserRepository;
import io.switchboard.api.repository.UserRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import io.switchboard.events.CloseCodes;
import io.switchboard.events.Revocation;
import io.switchboard.store.Accounts;
import java.util.List;

/**
 * Users, assistants, memberships and assistant service tokens, and their lifecycle: password change and reset,
 * sign-out, deactivation, membership removal, assistant token rotation and revocation. Each revocation is committed
 * in PostgreSQL first (REST refuses the old credential from that moment, {@link io.switchboard.api.auth.CredentialCheck}),
 * then published after the commit so every socket node closes the affected sockets and SSE streams with 4401
 * (credential no longer valid) or 4403 (no longer allowed).
 */
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
    @Inject
    RevocationPublisher revocations;

    @Transactional
    public Views.User createUser(String username, String password, String displayName, String role) {
        Accounts.usernameProblem(username).ifPresent(problem -> {
            throw ApiException.validation(problem);
        });
        String name = displayName.trim();
        UserRow created = users.insertIfAbsent(username.trim(), BcryptUtil.bcryptHash(password), name, role)
                .orElseThrow(() -> ApiException.conflict("username_taken", "The username \"" + username.trim()
                        + "\" is already taken."));
        return AuthService.view(created);
    }

    /** Every admin sees every assistant: their open {@code /ws} start following the new one at once. */
    @Transactional
    public Views.Assistant createAssistant(String name) {
        AssistantRow a = assistants.insert(name.trim());
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
    public void addMember(long assistantId, long uid, String role) {
        String memberRole = role == null ? MEMBER_OPERATOR : role.trim();
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

    /** The caller changes their own password; every other session ends, this one gets a fresh token. */
    @Transactional
    public Views.Login changeOwnPassword(Caller caller, String oldPassword, String newPassword) {
        UserRow me = user(caller.userId());
        if (!BcryptUtil.matches(oldPassword, me.passwordHash())) {
            throw new ApiException(403, "wrong_password", "The current password is wrong.");
        }
        UserRow changed = users.changePassword(me.id(), BcryptUtil.bcryptHash(newPassword)).orElseThrow(() -> gone(me.id()));
        revocations.revokeOnCommit(Revocation.user(me.id()), CloseCodes.UNAUTHORIZED, "password changed; log in again");
        IssuedToken token = tokens.forUser(changed);
        return new Views.Login(token.token(), "Bearer", token.expiresIn(), AuthService.view(changed));
    }

    /** Signs the caller out: every token they hold stops working, on every device. */
    @Transactional
    public void logout(Caller caller) {
        long id = caller.userId();
        users.bumpTokenVersion(id).orElseThrow(() -> gone(id));
        revocations.revokeOnCommit(Revocation.user(id), CloseCodes.UNAUTHORIZED, "signed out");
    }

    /** An admin sets a user's password; the user's sessions end. */
    @Transactional
    public Views.User resetPassword(Caller admin, long userId, String password) {
        UserRow changed = users.changePassword(userId, BcryptUtil.bcryptHash(password)).orElseThrow(() -> gone(userId));
        revocations.revokeOnCommit(Revocation.user(userId), CloseCodes.UNAUTHORIZED, "password reset by an admin; log in again");
        return AuthService.view(changed);
    }

    /** An admin deactivates (every session ends, no login) or reactivates a user. */
    @Transactional
    public Views.User setActive(Caller admin, long userId, boolean active) {
        if (!active && admin.userId() == userId) {
            throw ApiException.conflict("cannot_deactivate_self",
                    "You cannot deactivate your own account; ask another admin.");
        }
        UserRow changed = users.setActive(userId, active).orElseThrow(() -> gone(userId));
        if (!active) {
            revocations.revokeOnCommit(Revocation.user(userId), CloseCodes.UNAUTHORIZED, "account deactivated");
        }
        return AuthService.view(changed);
    }

    public Views.Users list() {
        return new Views.Users(users.all().stream().map(AuthService::view).toList());
    }

    /** Who belongs to one assistant, by username; 404 {@code assistant_not_found} when there is no such assistant. */
    public List<Views.User> members(long assistantId) {
        assistant(assistantId);
        return assistants.members(assistantId).stream().map(AuthService::view).toList();
    }

    /**
     * An admin removes a member: the user's sockets close with 4403 and no longer show that assistant. The
     * {@code membership:update} goes out with the commit (as for an added member), the revocation right after it.
     */
    @Transactional
    public void removeMember(long assistantId, long userId) {
        assistant(assistantId);
        if (!assistants.removeMember(assistantId, userId)) {
            throw ApiException.notFound("not_a_member", "User " + userId + " is not a member of assistant "
                    + assistantId + ".");
        }
        events.membershipChanged(userId, assistantId, "removed");
        revocations.revokeOnCommit(Revocation.member(assistantId, userId), CloseCodes.FORBIDDEN,
                Revocation.removedFromAssistant(assistantId));
    }

    /** A new assistant token; every token issued before stops working. */
    @Transactional
    public Views.AssistantToken rotateAssistantToken(long assistantId) {
        AssistantRow rotated = assistants.bumpTokenVersion(assistantId)
                .orElseThrow(() -> ApiException.assistantNotFound(assistantId));
        revocations.revokeOnCommit(Revocation.assistantToken(assistantId), CloseCodes.UNAUTHORIZED, "assistant token rotated");
        IssuedToken token = tokens.forAssistant(rotated);
        return new Views.AssistantToken(token.token(), token.expiresIn());
    }

    /** Every token of the assistant stops working, and none replaces it until the next issue or rotation. */
    @Transactional
    public void revokeAssistantToken(long assistantId) {
        assistants.bumpTokenVersion(assistantId).orElseThrow(() -> ApiException.assistantNotFound(assistantId));
        revocations.revokeOnCommit(Revocation.assistantToken(assistantId), CloseCodes.UNAUTHORIZED, "assistant token revoked");
    }

    private UserRow user(long id) {
        return users.find(id).orElseThrow(() -> gone(id));
    }

    private AssistantRow assistant(long id) {
        return assistants.find(id).orElseThrow(() -> ApiException.assistantNotFound(id));
    }

    private static ApiException gone(long id) {
        return ApiException.notFound("user_not_found", "There is no user with id " + id + ".");
    }
}
