package io.switchboard.api.entity;

import io.switchboard.api.repository.UserRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;

/** An operator or admin account (table {@code users}); its {@code tokenVersion} moves to revoke every token issued. */
@Entity
@Table(name = "users")
public class User extends Stored {
    @Column(nullable = false, unique = true, length = 100)
    public String username;

    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Column(name = "display_name", nullable = false, length = 200)
    public String displayName;

    @Column(nullable = false, length = 16)
    public String role;

    @Generated
    @Column(insertable = false)
    public boolean active;

    @Generated
    @Column(name = "token_version", insertable = false)
    public long tokenVersion;

    /** Where alerts about waiting dialogs go (V16); null = no email. */
    @Column(length = 254)
    public String email;

    /** The language of those alerts, {@code ru} or {@code en} (V16); null = the installation's default. */
    @Column(length = 35)
    public String locale;

    public UserRow row() {
        return new UserRow(id, username, passwordHash, displayName, role, active, tokenVersion);
    }
}
