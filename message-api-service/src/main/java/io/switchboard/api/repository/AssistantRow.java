package io.switchboard.api.repository;

/** An assistant: the AI bot and team a set of dialogs belongs to. */
public record AssistantRow(long id, String name) {
}
