package io.switchboard.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What operators see about a dialog's guest instead of an id (table {@code guest_contexts}, V10): the page the
 * widget was opened on, the page's language, a name and an email when the site passes them, and a short browser
 * name from the User-Agent header. One row per dialog; the latest context the guest sent wins.
 */
@Entity
@Table(name = "guest_contexts")
public class GuestContext extends PanacheEntityBase {
    public static final int URL_MAX = 2048;
    public static final int LOCALE_MAX = 35;
    public static final int NAME_MAX = 100;
    public static final int EMAIL_MAX = 254;
    public static final int BROWSER_MAX = 60;

    @Id
    @Column(name = "dialog_id")
    public Long dialogId;

    @Size(max = URL_MAX)
    @Column(name = "page_url")
    public String pageUrl;

    @Size(max = LOCALE_MAX)
    public String locale;

    @Size(max = NAME_MAX)
    public String name;

    @Size(max = EMAIL_MAX)
    public String email;

    @Size(max = BROWSER_MAX)
    public String browser;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static List<GuestContext> forDialogs(Collection<Long> dialogIds) {
        return dialogIds.isEmpty() ? List.of() : list("dialogId in ?1", dialogIds);
    }
}
