package io.switchboard.socket.core;

/** How one endpoint decides who may connect and what they follow. Runs on a worker thread; may block. */
@FunctionalInterface
public interface Authenticator {
    Admission admit(RequestInfo request) throws Exception;
}
