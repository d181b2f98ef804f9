package io.switchboard.api.repository;

/**
 * An assistant: the AI bot and team a set of dialogs belongs to.
 *
 * @param tokenVersion the version its service tokens carry in {@code tv}; rotating or revoking moves it
 */
public record AssistantRow(long id, String name, long tokenVersion) {
    public AssistantRow(long id, String name) {
        this(id, name, 0);
    }
}
