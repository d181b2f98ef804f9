package io.switchboard.api.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.DataAccessException;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.RecordComponent;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into {@code {"error": code, "message": text}} with the right status. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response r = body(e.status(), e.code(), e.getMessage());
        return e.retryAfterSeconds() > 0
                ? Response.fromResponse(r).header("Retry-After", Long.toString(e.retryAfterSeconds())).build() : r;
    }

    /**
     * A request body (or a value a service checks with Bean Validation) broke a rule: 400 {@code validation} with the
     * rule's message. With several broken, the message of the earliest in declaration order: a missing body first,
     * then the body's fields in the order the record declares them, so the answer is the same every time.
     */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        return e.getConstraintViolations().stream().min(Comparator.comparingInt(ErrorMapper::declarationIndex)
                        .thenComparing(v -> v.getPropertyPath().toString()))
                .map(v -> body(400, "validation", v.getMessage()))
                .orElseGet(() -> body(400, "validation", "The request is malformed."));
    }

    private static int declarationIndex(ConstraintViolation<?> v) {
        Object leaf = v.getLeafBean();
        if (leaf == null || !leaf.getClass().isRecord()) {
            return -1;
        }
        String name = null;
        for (Path.Node node : v.getPropertyPath()) {
            name = node.getName();
        }
        RecordComponent[] components = leaf.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        return components.length;
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.switchboard.api.auth.RevokedCredentialException r) {
                return body(401, r.code(), r.getMessage());
            }
            if (t instanceof DataAccessException || t instanceof PersistenceException) {
                // The revocation check could not read PostgreSQL: the token may be fine, so no 401.
                return database(t);
            }
        }
        return body(401, "invalid_token", "The access token is invalid or expired; log in again.");
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return body(401, "unauthorized", "Log in first: this endpoint needs an \"Authorization: Bearer <token>\" header.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return body(403, "forbidden", "Your role is not allowed to do this.");
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e) {
        return malformed("The request body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return malformed(field(e) + " has the wrong type: expected " + simpleName(e.getTargetType()) + ".");
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        if (e.getPath().isEmpty()) {
            return malformed("The request body must be a JSON object.");
        }
        return malformed(field(e) + " has the wrong type"
                + (e.getTargetType() == null ? "." : ": expected " + simpleName(e.getTargetType()) + "."));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        return malformed("The request body does not have the expected shape: " + firstLine(e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return malformed("The request body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response dataAccess(DataAccessException e) {
        return database(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 400 -> body(400, "validation", "The request is malformed: " + String.valueOf(e.getMessage()));
            case 404 -> body(404, "not_found", "There is nothing at this address.");
            case 405 -> body(405, "method_not_allowed", "This address does not accept that HTTP method.");
            case 406 -> body(406, "not_acceptable", "This API answers in JSON only.");
            case 413 -> body(413, "too_large", "The request body is too large.");
            case 415 -> body(415, "unsupported_media_type", "Send the body as JSON with"
                    + " \"Content-Type: application/json\".");
            default -> body(status, status >= 500 ? "internal_error" : "request_failed", String.valueOf(e.getMessage()));
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isDatabaseDown(e)) {
            return databaseDown(e);
        }
        Log.error("Unexpected failure while answering a request", e);
        return body(500, "internal_error", "Something went wrong on our side; the error is logged.");
    }

    private Response database(Throwable e) {
        if (isDatabaseDown(e)) {
            return databaseDown(e);
        }
        Log.error("Database statement failed", e);
        return body(500, "internal_error", "Something went wrong on our side; the error is logged.");
    }

    private static Response databaseDown(Throwable e) {
        Log.warnf("PostgreSQL is unreachable: %s", e.getMessage());
        return body(503, "database_unavailable", "The database is unreachable right now; try again in a moment.");
    }

    /**
     * True for failures that mean PostgreSQL cannot be reached (SQLState class 08, an admin shutdown, or a
     * pool that cannot hand out a connection), as opposed to a statement that is wrong.
     */
    static boolean isDatabaseDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage());
                if (message.contains("Acquisition timeout") || message.contains("Connection refused")) {
                    return true;
                }
            }
            if (t instanceof java.net.ConnectException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Response malformed(String message) {
        return body(400, "malformed_json", message);
    }

    static Response body(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(code, message)).build();
    }

    private static String field(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "A field" : "Field \"" + path + "\"";
    }

    private static String simpleName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "an object";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
