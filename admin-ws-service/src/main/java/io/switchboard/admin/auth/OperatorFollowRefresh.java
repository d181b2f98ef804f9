package io.switchboard.admin.auth;

import io.switchboard.socket.core.ClientSession;
import io.switchboard.socket.core.FollowRefresh;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code /ws} and {@code /api/events} follow an operator's assistants as memberships change, without a reconnect. */
@ApplicationScoped
public class OperatorFollowRefresh implements FollowRefresh {
    @Inject
    OperatorAuthenticator authenticator;

    @Override
    public Following now(ClientSession session) throws Exception {
        return authenticator.followingNow(session);
    }
}
