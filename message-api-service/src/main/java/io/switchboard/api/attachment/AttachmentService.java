package io.switchboard.api.attachment;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.service.AbuseLimits;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.api.service.MessageAppender;
import io.switchboard.api.service.MessageService;
import io.switchboard.api.service.Senders;
import io.switchboard.api.service.Views;
import io.switchboard.events.AttachmentPayload;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Uploading an attachment (a message that carries it, with the seq, ordering and {@code client_msg_id} rules of
 * every message), handing out signed links to the dialog's guest and operators, and serving the bytes for a
 * valid link. Every refusal is a 4xx with a reason: 400 empty or missing file, 413 too large, 415 a type that is not
 * accepted (sniffed from the bytes), 403 a stranger's dialog or a bad link.
 */
@ApplicationScoped
public class AttachmentService {
    /** Longest stored name, in characters (the column's width). */
    static final int MAX_NAME = 255;
    /** Names whose extension a computer would run or a browser would render, refused whatever the bytes are. */
    private static final Set<String> DANGEROUS_EXTENSIONS = Set.of("html", "htm", "xhtml", "shtml", "svg", "svgz",
            "xml", "xsl", "js", "mjs", "vbs", "vbe", "wsf", "hta", "ps1", "psm1", "bat", "cmd", "com", "exe", "dll",
            "msi", "scr", "sh", "bash", "zsh", "csh", "py", "pl", "rb", "php", "jar", "app", "apk", "lnk", "reg");

    @Inject
    AttachmentsConfig config;
    @Inject
    AttachmentStorages storages;
    @Inject
    LinkSigner signer;
    @Inject
    DialogAccess access;
    @Inject
    AbuseLimits limits;
    @Inject
    MessageAppender appender;
    @Inject
    MeterRegistry registry;

    /** An uploaded file as the multipart request delivered it (on disk, in the uploads directory). */
    public record Upload(Path file, String fileName, long size, String clientMsgId) {
    }

    /** A signed link (relative to the API's base URL), the thumbnail's when there is one, and when they expire. */
    public record LinkView(String url, String thumbnailUrl, Instant expiresAt) {
    }

    /** The bytes of a valid link with the headers they are served with. */
    public record Download(byte[] data, String contentType, String disposition) {
    }

    /** A guest's file in its own dialog; a stranger hears 403 before anything about the file. */
    public Views.Posted uploadAsGuest(long dialogId, GuestCredentialRecord guest, Upload upload) {
        access.forGuest(guest, dialogId);
        limits.requireGuestPostBudget(dialogId);
        limits.forAssistant(AbuseLimits.Kind.GUEST_POST, guest.assistantId());
        Prepared p = prepare(upload);
        return store(dialogId, guest.assistantId(), Senders.USER, null, StoreWrites.GUEST_READER, null,
                Attachment.GUEST, null, p);
    }

    /** An operator's or admin's file: the handoff lock applies as to a text reply (only the holder writes). */
    public Views.Posted uploadAsStaff(Caller caller, long dialogId, Upload upload) {
        DialogRecord dialog = access.forStaff(caller, dialogId);
        Prepared p = prepare(upload);
        return store(dialogId, dialog.assistantId(), Senders.OPERATOR, caller.displayName(), caller.reader(),
                caller.userId(), Attachment.OPERATOR, caller.userId(), p);
    }

    public LinkView linkForGuest(GuestCredentialRecord guest, long dialogId, String attachmentId) {
        access.forGuest(guest, dialogId);
        return link(dialogId, attachmentId);
    }

    public LinkView linkForStaff(Caller caller, long dialogId, String attachmentId) {
        access.forStaff(caller, dialogId);
        return link(dialogId, attachmentId);
    }

    /** The bytes a signed link names; 403 with the reason for a bad or expired link. */
    @Transactional
    public Download download(String attachmentId, String variantName, Long exp, String sig) {
        Variant variant = Variant.parse(variantName).orElseThrow(() -> ApiException.validation(
                "variant must be original or thumbnail."));
        Optional<String> refused = signer.check(attachmentId, variant, exp, sig);
        if (refused.isPresent()) {
            throw new ApiException(403, "link_invalid", refused.get());
        }
        Attachment a = find(attachmentId).orElseThrow(AttachmentService::notFound);
        if (variant == Variant.THUMBNAIL && !a.hasThumbnail) {
            throw ApiException.notFound("thumbnail_not_found", "This attachment has no thumbnail.");
        }
        byte[] data = storages.of(a.storage).get(a.keyOf(variant)).orElseThrow(() -> ApiException.notFound(
                "attachment_not_found", "The attachment's content is not in storage."));
        String type = variant == Variant.THUMBNAIL ? thumbnailType(a.contentType) : a.contentType;
        boolean inline = ContentSniffer.isImage(type);
        String name = variant == Variant.THUMBNAIL ? "thumbnail-" + a.name : a.name;
        return new Download(data, type, ContentDisposition.of(inline, name));
    }

    private LinkView link(long dialogId, String attachmentId) {
        Attachment a = find(attachmentId).filter(x -> x.dialogId == dialogId).orElseThrow(AttachmentService::notFound);
        LinkSigner.Link original = signer.sign(a.id.toString(), Variant.ORIGINAL);
        String thumb = a.hasThumbnail ? signer.sign(a.id.toString(), Variant.THUMBNAIL).path() : null;
        return new LinkView(original.path(), thumb, Instant.ofEpochSecond(original.expiresAt()));
    }

    @Transactional
    Optional<Attachment> find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Attachment.findByIdOptional(uuid);
    }

    private static ApiException notFound() {
        return ApiException.notFound("attachment_not_found", "There is no such attachment in this dialog.");
    }

    /** Checked and read, before any transaction: size, type from the bytes, image size, thumbnail, hash. */
    private record Prepared(byte[] data, String name, String contentType, Images.Inspected image, String sha256,
                            String clientMsgId) {
    }

    private Prepared prepare(Upload upload) {
        if (upload == null || upload.file() == null) {
            throw ApiException.validation("The request needs a multipart/form-data body with the file in the part"
                    + " named \"file\".");
        }
        long max = config.maxSize().asLongValue();
        if (upload.size() == 0) {
            throw new ApiException(400, "file_empty", "The file is empty.");
        }
        if (upload.size() > max) {
            throw tooLarge(upload.size(), max);
        }
        byte[] data;
        try {
            data = Files.readAllBytes(upload.file());
        } catch (IOException e) {
            throw new ApiException(400, "file_unreadable", "The uploaded file could not be read; send it again.");
        }
        if (data.length == 0) {
            throw new ApiException(400, "file_empty", "The file is empty.");
        }
        if (data.length > max) {
            throw tooLarge(data.length, max);
        }
        String name = safeName(upload.fileName());
        String type = ContentSniffer.sniff(data);
        if (ContentSniffer.NEVER.contains(type) || !config.allowedTypes().contains(type)) {
            refused("type");
            throw new ApiException(415, "type_not_allowed", "Files of this type are not accepted (the content is "
                    + describe(type) + "). Accepted: " + String.join(", ", config.allowedTypes()) + ".");
        }
        String extension = extension(name);
        if (DANGEROUS_EXTENSIONS.contains(extension)) {
            refused("name");
            throw new ApiException(415, "type_not_allowed", "Files named ." + extension + " are not accepted, whatever"
                    + " they contain: a computer or a browser could run them.");
        }
        Images.Inspected image = null;
        if (ContentSniffer.isImage(type)) {
            try {
                image = Images.inspect(data, type, config.thumbnailSize(), config.maxPixels());
            } catch (Images.ImageRefused e) {
                refused("image");
                throw new ApiException(e.getMessage().contains("pixels;") ? 413 : 415,
                        e.getMessage().contains("pixels;") ? "image_too_large" : "image_unreadable", e.getMessage());
            }
        }
        String clientMsgId = upload.clientMsgId() == null || upload.clientMsgId().isBlank() ? null
                : upload.clientMsgId().trim();
        if (clientMsgId != null && clientMsgId.length() > MessageService.MAX_CLIENT_MSG_ID) {
            throw ApiException.validation("client_msg_id must be at most " + MessageService.MAX_CLIENT_MSG_ID
                    + " characters long.");
        }
        return new Prepared(data, name, type, image, sha256(data), clientMsgId);
    }

    private Views.Posted store(long dialogId, long assistantId, String sender, String author, String reader,
                               Long holder, String uploader, Long uploaderUserId, Prepared p) {
        UUID id = UUID.randomUUID();
        AttachmentStorage storage = storages.selected();
        boolean thumbnail = p.image() != null && p.image().thumbnail() != null;
        AttachmentPayload payload = new AttachmentPayload(id.toString(), p.name(), p.contentType(), p.data().length,
                p.image() == null ? null : p.image().size().width(), p.image() == null ? null : p.image().size().height(),
                thumbnail);
        Consumer<MessagePayload> alongside = message -> {
            Attachment a = new Attachment();
            a.id = id;
            a.dialogId = dialogId;
            a.assistantId = assistantId;
            a.messageId = message.id();
            a.seq = message.seq();
            a.uploader = uploader;
            a.uploaderUserId = uploaderUserId;
            a.name = p.name();
            a.contentType = p.contentType();
            a.size = p.data().length;
            a.sha256 = p.sha256();
            a.width = payload.width();
            a.height = payload.height();
            a.hasThumbnail = thumbnail;
            a.storage = storage.name();
            a.storageKey = id.toString();
            storage.put(a.keyOf(Variant.ORIGINAL), p.contentType(), p.data());
            if (thumbnail) {
                storage.put(a.keyOf(Variant.THUMBNAIL), p.image().thumbnailType(), p.image().thumbnail());
            }
            a.persist();
        };
        Views.Posted posted = appender.appendAttachment(dialogId, sender, author, p.name(), p.clientMsgId(), reader,
                holder, EventCodec.write(payload), alongside);
        registry.counter("switchboard.attachments.uploaded", "uploader", uploader,
                "outcome", posted.created() ? "stored" : "repeated").increment();
        return posted;
    }

    private void refused(String why) {
        registry.counter("switchboard.attachments.refused", "reason", why).increment();
    }

    private ApiException tooLarge(long size, long max) {
        refused("size");
        return new ApiException(413, "file_too_large", "The file is " + size + " bytes; the limit is " + max
                + " bytes.");
    }

    /** The type of a thumbnail: JPEG for JPEG originals, PNG for the rest (keeps transparency). */
    static String thumbnailType(String originalType) {
        return ContentSniffer.JPEG.equals(originalType) ? ContentSniffer.JPEG : ContentSniffer.PNG;
    }

    private static String describe(String type) {
        return switch (type) {
            case ContentSniffer.HTML -> "HTML";
            case ContentSniffer.SVG -> "SVG";
            case ContentSniffer.XML -> "XML";
            case ContentSniffer.SCRIPT -> "a script";
            case ContentSniffer.EXECUTABLE -> "a program";
            case ContentSniffer.UNKNOWN -> "not a known type";
            default -> type;
        };
    }

    /** The name as shown: no directories, no control characters, at most {@link #MAX_NAME} characters. */
    static String safeName(String raw) {
        String name = raw == null ? "" : raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder out = new StringBuilder();
        name.codePoints().filter(c -> !Character.isISOControl(c) && c != 0x202E && c != 0x202D)
                .forEach(out::appendCodePoint);
        name = out.toString().strip();
        if (name.isEmpty() || ".".equals(name) || "..".equals(name)) {
            name = "file";
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME));
        }
        return name;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
