package io.switchboard.events;

/** Thrown when text is not a valid event envelope or client frame; the message says why in plain words. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
