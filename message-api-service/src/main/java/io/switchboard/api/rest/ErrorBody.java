package io.switchboard.api.rest;

/** Every error answer: a machine-readable code and a sentence for a person. */
public record ErrorBody(String error, String message) {
}
