package io.switchboard.api.attachment;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image sizes and thumbnails with the JDK's {@code javax.imageio}. Sizes come from the header before anything is
 * decoded, so a decompression bomb (a small file that decodes to gigapixels) is refused before it costs memory.
 * ImageIO reads PNG, JPEG and GIF; WebP it cannot decode, so a WebP's size is read from its own header and it gets
 * no thumbnail (clients show the original, which browsers decode).
 */
public final class Images {
    /** Width and height in pixels. */
    public record Size(int width, int height) {
        long pixels() {
            return (long) width * height;
        }
    }

    /** An image's size and its thumbnail ({@code null} when none could be made). */
    public record Inspected(Size size, byte[] thumbnail, String thumbnailType) {
    }

    static {
        // No display on a server: AWT's image classes only, never a window system.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Images() {
    }

    /**
     * Reads the size of an image of a sniffed type and makes its thumbnail (longest side {@code maxSide}).
     *
     * @throws ImageRefused when the image is larger than {@code maxPixels} or its header cannot be read
     */
    public static Inspected inspect(byte[] data, String type, int maxSide, long maxPixels) {
        if (ContentSniffer.WEBP.equals(type)) {
            Size size = webpSize(data);
            if (size == null) {
                throw new ImageRefused("The WebP image's header cannot be read.");
            }
            requirePixels(size, maxPixels);
            return new Inspected(size, null, null);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRefused("The image cannot be read.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                Size size = new Size(reader.getWidth(0), reader.getHeight(0));
                requirePixels(size, maxPixels);
                BufferedImage image;
                try {
                    // Decoded with subsampling to about twice the thumbnail's size: memory stays a few MB whatever
                    // the image's size (a 40-megapixel image decoded in full would take 160 MB of heap).
                    ImageReadParam param = reader.getDefaultReadParam();
                    int step = Math.max(1, Math.max(size.width(), size.height()) / (2 * maxSide));
                    param.setSourceSubsampling(step, step, 0, 0);
                    image = reader.read(0, param);
                } catch (IOException | RuntimeException e) {
                    // A header that reads but a body that does not: keep the file, skip the thumbnail.
                    return new Inspected(size, null, null);
                }
                boolean jpeg = ContentSniffer.JPEG.equals(type);
                byte[] thumb = thumbnail(image, maxSide, jpeg);
                return new Inspected(size, thumb, thumb == null ? null : jpeg ? ContentSniffer.JPEG : ContentSniffer.PNG);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new ImageRefused("The image cannot be read: " + e.getMessage());
        }
    }

    private static void requirePixels(Size size, long maxPixels) {
        if (size.width() <= 0 || size.height() <= 0) {
            throw new ImageRefused("The image has no pixels.");
        }
        if (size.pixels() > maxPixels) {
            throw new ImageRefused("The image is " + size.width() + " × " + size.height() + " pixels; the limit is "
                    + maxPixels + " pixels.");
        }
    }

    private static byte[] thumbnail(BufferedImage image, int maxSide, boolean jpeg) throws IOException {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = Math.min(1.0, (double) maxSide / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImage out = new BufferedImage(tw, th, jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(out, jpeg ? "jpeg" : "png", bytes)) {
            return null;
        }
        return bytes.toByteArray();
    }

    /** Canvas size from a WebP's first chunk (VP8X, VP8L or VP8), or {@code null}. */
    static Size webpSize(byte[] d) {
        if (d.length < 30) {
            return null;
        }
        String chunk = new String(d, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8X":
                return new Size(1 + u24(d, 24), 1 + u24(d, 27));
            case "VP8L":
                if ((d[20] & 0xFF) != 0x2F) {
                    return null;
                }
                int b0 = d[21] & 0xFF;
                int b1 = d[22] & 0xFF;
                int b2 = d[23] & 0xFF;
                int b3 = d[24] & 0xFF;
                return new Size(1 + (((b1 & 0x3F) << 8) | b0), 1 + (((b3 & 0x0F) << 10) | (b2 << 2) | ((b1 & 0xC0) >> 6)));
            case "VP8 ":
                return new Size(u16(d, 26) & 0x3FFF, u16(d, 28) & 0x3FFF);
            default:
                return null;
        }
    }

    private static int u24(byte[] d, int i) {
        return (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8 | (d[i + 2] & 0xFF) << 16;
    }

    private static int u16(byte[] d, int i) {
        return (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8;
    }

    /** An image refused before decoding: too many pixels, or a header that cannot be read. */
    public static final class ImageRefused extends RuntimeException {
        public ImageRefused(String message) {
            super(message);
        }
    }
}
