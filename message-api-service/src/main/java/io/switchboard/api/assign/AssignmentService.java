package io.switchboard.api.assign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.entity.Dialog;
import io.switchboard.api.entity.User;
import io.switchboard.api.presence.OperatorPresence;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.UserRepository;
import io.switchboard.api.repository.UserRow;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.api.service.DialogNotifications;
import io.switchboard.api.service.HandoffService;
import io.switchboard.events.DialogPayload;
import io.switchboard.presence.PresenceState;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hibernate.LockMode;
import org.hibernate.Session;

/**
 * Assigning a dialog to an operator: by hand ({@code POST /api/dialogs/{id}/assign}, a takeover on someone else's
 * behalf) and automatically (waiting dialogs of an assistant whose {@link AssignmentPolicy} is on go round-robin to
 * its online members, each up to the policy's cap). Either way the dialog ends in status {@code operator} held by
 * the assignee, the guest reads "<name> joined the conversation.", the team's sockets get the {@code dialog:update},
 * and the assignee (when someone else chose them) gets a {@code dialog_assigned} notification.
 */
@ApplicationScoped
public class AssignmentService {
    /** Notification kind the assignee gets. */
    public static final String DIALOG_ASSIGNED = "dialog_assigned";

    @Inject
    DialogAccess access;
    @Inject
    HandoffService handoff;
    @Inject
    DialogRepository dialogs;
    @Inject
    AssistantRepository assistants;
    @Inject
    UserRepository users;
    @Inject
    DialogNotifications notify;
    @Inject
    OperatorPresence presence;
    @Inject
    AutoAssigner autoAssign;
    @Inject
    SwitchboardConfig config;
    @Inject
    EntityManager em;

    /** One member of a dialog's assistant as the assign control lists them. */
    public record Assignee(long id, String username, String displayName, String presence, long openDialogs) {
    }

    /** Who a dialog may be assigned to, and whether the caller may assign it. */
    public record Assignees(long dialogId, boolean canAssign, List<Assignee> assignees) {
    }

    /** An assistant's automatic assignment as REST shows it. */
    public record Policy(long assistantId, boolean enabled, int maxOpenPerOperator) {
        static Policy of(long assistantId, AssignmentPolicy p) {
            return p == null ? new Policy(assistantId, false, AssignmentPolicy.DEFAULT_MAX_OPEN)
                    : new Policy(assistantId, p.enabled, p.maxOpenPerOperator);
        }
    }

    /**
     * Gives the dialog to {@code assigneeId}: the caller must be an admin (global, or an admin member of the dialog's
     * assistant) or the operator holding the dialog; the assignee must be an active member of its assistant. To
     * oneself it is a takeover, with the takeover's rules.
     */
    @Transactional
    public DialogPayload assign(Caller caller, long dialogId, long assigneeId) {
        long me = caller.userId();
        if (assigneeId == me) {
            return handoff.takeover(caller, dialogId);
        }
        access.forStaff(caller, dialogId);
        DialogRecord d = handoff.lock(dialogId);
        HandoffService.requireOpen(d);
        boolean holder = DialogRecord.OPERATOR.equals(d.status()) && Objects.equals(d.assignedOperatorId(), me);
        if (!holder && !caller.isAdmin() && !assistants.isAdminMember(d.assistantId(), me)) {
            throw ApiException.forbidden("Only an admin of this assistant or the operator handling this dialog may"
                    + " assign it to someone else.");
        }
        UserRow assignee = requireAssignable(d.assistantId(), assigneeId);
        if (DialogRecord.OPERATOR.equals(d.status()) && Objects.equals(d.assignedOperatorId(), assigneeId)) {
            return view(dialogId, caller.reader());
        }
        giveTo(d, assignee, me, caller.displayName());
        return view(dialogId, caller.reader());
    }

    /** The members a dialog may go to, with their presence and open dialogs, for the assign control. */
    public Assignees assignees(Caller caller, long dialogId) {
        DialogRecord d = access.forStaff(caller, dialogId);
        long me = caller.userId();
        boolean canAssign = !DialogRecord.CLOSED.equals(d.status()) && (caller.isAdmin()
                || assistants.isAdminMember(d.assistantId(), me)
                || (DialogRecord.OPERATOR.equals(d.status()) && Objects.equals(d.assignedOperatorId(), me)));
        List<User> members = em.createQuery("select u from AssistantMember m join m.user u where m.assistantId = :a"
                + " and u.active = true order by u.displayName, u.id", User.class)
                .setParameter("a", d.assistantId()).getResultList();
        Map<Long, Long> open = new HashMap<>();
        if (!members.isEmpty()) {
            for (Object[] row : em.createQuery("select d.assignedOperatorId, count(d) from Dialog d"
                            + " where d.assignedOperatorId in :ids and d.status <> 'closed' group by d.assignedOperatorId",
                            Object[].class)
                    .setParameter("ids", members.stream().map(u -> u.id).toList()).getResultList()) {
                open.put((Long) row[0], (Long) row[1]);
            }
        }
        Map<Long, PresenceState> states = presenceOf(members.stream().map(u -> u.id).toList());
        return new Assignees(dialogId, canAssign, members.stream().map(u -> new Assignee(u.id, u.username,
                u.displayName, states.getOrDefault(u.id, PresenceState.OFFLINE).wire(), open.getOrDefault(u.id, 0L)))
                .toList());
    }

    // ---- the policy ------------------------------------------------------------------------------

    public Policy policy(Caller caller, long assistantId) {
        requireAdminOf(caller, assistantId);
        return Policy.of(assistantId, AssignmentPolicy.of(assistantId).orElse(null));
    }

    /** Changes what is given ({@code null} keeps it); switching it on assigns the waiting dialogs right away. */
    @Transactional
    public Policy updatePolicy(Caller caller, long assistantId, Boolean enabled, Integer maxOpenPerOperator) {
        requireAdminOf(caller, assistantId);
        // ON CONFLICT: two admins saving the first policy at once must not abort either transaction.
        em.createQuery("insert into AssignmentPolicy (assistantId, enabled, maxOpenPerOperator, updatedAt)"
                        + " values (:a, false, :cap, current_timestamp) on conflict do nothing")
                .setParameter("a", assistantId).setParameter("cap", AssignmentPolicy.DEFAULT_MAX_OPEN).executeUpdate();
        AssignmentPolicy p = AssignmentPolicy.lock(assistantId).orElseThrow();
        if (enabled != null) {
            p.enabled = enabled;
        }
        if (maxOpenPerOperator != null) {
            p.maxOpenPerOperator = maxOpenPerOperator;
        }
        p.updatedAt = Instant.now();
        if (p.enabled) {
            autoAssign.afterCommit(assistantId);
        }
        return Policy.of(assistantId, p);
    }

    private void requireAdminOf(Caller caller, long assistantId) {
        access.requireAdminOf(caller, assistantId,
                "Only an admin of this assistant may change its automatic assignment.");
    }

    // ---- automatic assignment --------------------------------------------------------------------

    /** Assistants with automatic assignment on and a waiting dialog nobody holds: what a sweep looks at. */
    @Transactional
    public List<Long> assistantsWithWaiting() {
        return em.createQuery("select p.assistantId from AssignmentPolicy p where p.enabled = true and exists"
                + " (select 1 from Dialog d where d.assistantId = p.assistantId and d.status = 'waiting_operator'"
                + " and d.assignedOperatorId is null) order by p.assistantId", Long.class).getResultList();
    }

    /**
     * One pass over the assistant's waiting dialogs, oldest first: each goes to the next online member after the
     * round-robin pointer who holds fewer open dialogs than the cap. Safe on any number of replicas at once:
     * <ul>
     *   <li>the policy row is locked for the pass, so passes of one assistant run one after another and continue
     *       one rotation;</li>
     *   <li>waiting dialogs are locked {@code FOR UPDATE SKIP LOCKED}: one a handoff, takeover or manual
     *       assignment is changing right now is left to the next pass, never assigned twice;</li>
     *   <li>a member's {@code users} row is locked ({@code SKIP LOCKED}) before their open dialogs are counted and
     *       kept until the commit, so two passes of different assistants sharing a member cannot both fill the
     *       member's last free place; a member locked elsewhere is skipped for this pass.</li>
     * </ul>
     * Returns the ids of the dialogs it assigned.
     */
    @Transactional
    public List<Long> assignWaiting(long assistantId) {
        AssignmentPolicy p = AssignmentPolicy.lock(assistantId).orElse(null);
        if (p == null || !p.enabled) {
            return List.of();
        }
        Session session = em.unwrap(Session.class);
        List<Dialog> waiting = session.createSelectionQuery("from Dialog d where d.assistantId = :a"
                        + " and d.status = 'waiting_operator' and d.assignedOperatorId is null order by d.id", Dialog.class)
                .setParameter("a", assistantId).setMaxResults(Math.max(1, config.assignment().batchSize()))
                .setHibernateLockMode(LockMode.UPGRADE_SKIPLOCKED).getResultList();
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<DialogRecord> records = waiting.stream().map(Dialog::record).toList();
        // Read as values: the statements below change these rows (DialogRepository's rule).
        waiting.forEach(session::detach);
        List<Long> members = em.createQuery("select m.userId from AssistantMember m join m.user u"
                + " where m.assistantId = :a and u.active = true order by m.userId", Long.class)
                .setParameter("a", assistantId).getResultList();
        Map<Long, PresenceState> states = presenceOf(members);
        List<Long> online = members.stream().filter(u -> states.get(u) == PresenceState.ONLINE).toList();
        Log.debugf("assistant %d: %d waiting, members %s, online %s, pointer %s", assistantId,
                records.size(), members, online, p.lastAssignedUserId);
        List<Long> assigned = new ArrayList<>();
        Map<Long, Long> load = new HashMap<>();
        Set<Long> unavailable = new HashSet<>();
        for (DialogRecord d : records) {
            Long pick = null;
            for (long u : rotation(online, p.lastAssignedUserId)) {
                if (unavailable.contains(u)) {
                    continue;
                }
                Long open = load.get(u);
                if (open == null) {
                    if (!lockUser(session, u)) {
                        unavailable.add(u);
                        continue;
                    }
                    open = openDialogs(u);
                }
                if (open >= p.maxOpenPerOperator) {
                    unavailable.add(u);
                    continue;
                }
                load.put(u, open + 1);
                pick = u;
                break;
            }
            if (pick == null) {
                break;
            }
            giveTo(d, users.find(pick).orElseThrow(), null, null);
            p.lastAssignedUserId = pick;
            assigned.add(d.id());
        }
        return assigned;
    }

    /** The members after {@code last} in id order, then from the start: a round robin that survives member changes. */
    static List<Long> rotation(List<Long> ordered, Long last) {
        if (last == null) {
            return ordered;
        }
        List<Long> out = new ArrayList<>(ordered.size());
        ordered.stream().filter(u -> u > last).forEach(out::add);
        ordered.stream().filter(u -> u <= last).forEach(out::add);
        return out;
    }

    private boolean lockUser(Session session, long userId) {
        return !session.createSelectionQuery("from User u where u.id = :id and u.active = true", User.class)
                .setParameter("id", userId).setHibernateLockMode(LockMode.UPGRADE_SKIPLOCKED).getResultList().isEmpty();
    }

    private long openDialogs(long userId) {
        return em.createQuery("select count(d) from Dialog d where d.assignedOperatorId = :u and d.status <> 'closed'",
                Long.class).setParameter("u", userId).getSingleResult();
    }

    private Map<Long, PresenceState> presenceOf(List<Long> userIds) {
        try {
            return presence.reader().states(userIds);
        } catch (RuntimeException e) {
            // Redis away: nobody counts as online, so automatic assignment waits for the next pass.
            Log.warnf("Cannot read operators' presence from Redis: %s", e.toString());
            return Map.of();
        }
    }

    // ---- the transition --------------------------------------------------------------------------

    private UserRow requireAssignable(long assistantId, long userId) {
        UserRow user = users.find(userId).orElse(null);
        if (user == null || !assistants.isMember(assistantId, userId)) {
            throw new ApiException(422, "not_a_member", "User " + userId + " is not a member of this dialog's"
                    + " assistant; only its members can be assigned its dialogs.");
        }
        if (!user.active()) {
            throw new ApiException(422, "assignee_deactivated", user.displayName()
                    + "'s account is deactivated; assign the dialog to someone else.");
        }
        return user;
    }

    /**
     * The takeover on the assignee's behalf: status {@code operator}, held by the assignee, the system line the guest
     * reads, {@code dialog:update} to the team (and {@code operator.took_over} to webhooks), and a notification
     * for the assignee. {@code byId} null: chosen by automatic assignment.
     */
    private void giveTo(DialogRecord lockedDialog, UserRow assignee, Long byId, String byName) {
        DialogPayload team = handoff.join(lockedDialog, assignee.id(), assignee.displayName());
        ObjectNode payload = notify.about(lockedDialog, team,
                assistants.find(team.assistantId()).map(a -> a.name()).orElse(""));
        payload.put("auto", byId == null);
        if (byId != null) {
            payload.put("by_user_id", byId);
            payload.put("by_name", byName);
        }
        notify.send(assignee.id(), DIALOG_ASSIGNED, payload);
    }

    private DialogPayload view(long dialogId, String reader) {
        return dialogs.view(dialogId, reader).orElseThrow();
    }
}
