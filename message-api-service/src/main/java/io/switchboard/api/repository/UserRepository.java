package io.switchboard.api.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.api.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The {@code users} table. */
@ApplicationScoped
public class UserRepository implements PanacheRepository<User> {

    public Optional<UserRow> findByUsername(String username) {
        return find("username", username).firstResultOptional().map(User::row);
    }

    public Optional<UserRow> find(long id) {
        return findByIdOptional(id).map(User::row);
    }

    /**
     * The token version of an active user; empty when the user is deactivated or gone. Every request with a user's
     * token asks ({@link io.switchboard.api.auth.CredentialCheck}), during authentication, so it brings its own request
     * context (and with it a session) when none is active.
     */
    @ActivateRequestContext
    public Optional<Long> activeTokenVersion(long id) {
        return getSession().createSelectionQuery("select u.tokenVersion from User u where u.id = :id and u.active = true",
                Long.class).setParameter("id", id).uniqueResultOptional();
    }

    /** Inserts a user unless the username exists; empty when it does. */
    public Optional<UserRow> insertIfAbsent(String username, String passwordHash, String displayName, String role) {
        // ON CONFLICT: a concurrent insert of the same name must not abort the caller's transaction.
        int inserted = getSession().createMutationQuery("insert into User (username, passwordHash, displayName, role)"
                        + " values (:username, :passwordHash, :displayName, :role) on conflict do nothing")
                .setParameter("username", username).setParameter("passwordHash", passwordHash)
                .setParameter("displayName", displayName).setParameter("role", role).executeUpdate();
        return inserted == 0 ? Optional.empty() : findByUsername(username);
    }

    /** Every user, by id. */
    public List<UserRow> all() {
        return list("order by id").stream().map(User::row).toList();
    }

    /** Ids of every admin. */
    public List<Long> adminIds() {
        return getSession().createSelectionQuery("select u.id from User u where u.role = 'admin' order by u.id", Long.class)
                .getResultList();
    }

    /**
     * Sets a new password hash and moves the token version, so every token issued before stops working; the
     * updated row, empty when there is no such user.
     */
    public Optional<UserRow> changePassword(long id, String passwordHash) {
        return update(id, u -> {
            u.passwordHash = passwordHash;
            u.tokenVersion++;
        });
    }

    /** Moves the token version (sign-out everywhere); the updated row, empty when there is no such user. */
    public Optional<UserRow> bumpTokenVersion(long id) {
        return update(id, u -> u.tokenVersion++);
    }

    /**
     * Deactivates (every token stops working: the version moves too) or reactivates a user; the updated row,
     * empty when there is no such user.
     */
    public Optional<UserRow> setActive(long id, boolean active) {
        return update(id, u -> {
            u.active = active;
            if (!active) {
                u.tokenVersion++;
            }
        });
    }

    /**
     * Changes the row under a row lock (concurrent bumps of the token version each count) and writes it at once, so
     * later reads in the transaction see it.
     */
    private Optional<UserRow> update(long id, Consumer<User> change) {
        Optional<User> user = findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
        user.ifPresent(u -> {
            change.accept(u);
            flush();
        });
        return user.map(User::row);
    }
}
