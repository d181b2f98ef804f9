package io.switchboard.api.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Types come from the bytes: what a name or a Content-Type header claims changes nothing. */
class ContentSnifferTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] zip(String... entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String e : entries) {
                zip.putNextEntry(new ZipEntry(e));
                zip.write(utf8("x"));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void knownFormatsByMagicNumber() throws Exception {
        assertThat(ContentSniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0})).isEqualTo("image/png");
        assertThat(ContentSniffer.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo("image/jpeg");
        assertThat(ContentSniffer.sniff(utf8("GIF89a...."))).isEqualTo("image/gif");
        assertThat(ContentSniffer.sniff(utf8("RIFF\0\0\0\0WEBPVP8 "))).isEqualTo("image/webp");
        assertThat(ContentSniffer.sniff(utf8("%PDF-1.7\n"))).isEqualTo("application/pdf");
        assertThat(ContentSniffer.sniff(zip("a.txt"))).isEqualTo("application/zip");
        assertThat(ContentSniffer.sniff(zip("[Content_Types].xml", "word/document.xml"))).isEqualTo(ContentSniffer.DOCX);
        assertThat(ContentSniffer.sniff(zip("[Content_Types].xml", "xl/workbook.xml"))).isEqualTo(ContentSniffer.XLSX);
        assertThat(ContentSniffer.sniff(utf8("Привет, это просто текст.\r\n\tВторая строка"))).isEqualTo("text/plain");
    }

    @Test
    void whatCouldRunIsNamedSoItCanBeRefused() {
        assertThat(ContentSniffer.sniff(utf8("\uFEFF  <!doctype HTML><p>hi"))).isEqualTo("text/html");
        assertThat(ContentSniffer.sniff(utf8("notes\n<script>alert(1)</script>"))).isEqualTo("text/html");
        assertThat(ContentSniffer.sniff(utf8("<?xml version=\"1.0\"?><svg/>"))).isEqualTo("image/svg+xml");
        assertThat(ContentSniffer.sniff(utf8("<?xml version=\"1.0\"?><note/>"))).isEqualTo("application/xml");
        assertThat(ContentSniffer.sniff(utf8("#!/usr/bin/env python\nprint(1)"))).isEqualTo("text/x-script");
        assertThat(ContentSniffer.sniff(new byte[] {'M', 'Z', (byte) 0x90, 0})).isEqualTo("application/x-executable");
        assertThat(ContentSniffer.sniff(new byte[] {0x7F, 'E', 'L', 'F', 2})).isEqualTo("application/x-executable");
        assertThat(ContentSniffer.sniff(new byte[] {0, 1, 2, 3, (byte) 0xFE})).isEqualTo("application/octet-stream");
        assertThat(ContentSniffer.NEVER).contains("text/html", "image/svg+xml", "application/x-executable");
    }

    @Test
    void webpSizeIsReadFromItsHeader() {
        byte[] vp8x = new byte[30];
        System.arraycopy(utf8("RIFF"), 0, vp8x, 0, 4);
        System.arraycopy(utf8("WEBPVP8X"), 0, vp8x, 8, 8);
        // canvas 640 x 480 stored minus one, 24-bit little endian
        vp8x[24] = (byte) 0x7F;
        vp8x[25] = 0x02;
        vp8x[27] = (byte) 0xDF;
        vp8x[28] = 0x01;
        assertThat(Images.webpSize(vp8x)).isEqualTo(new Images.Size(640, 480));
    }

    @Test
    void downloadNamesAreSafeAndExact() {
        assertThat(ContentDisposition.of(false, "отчёт \"Q1\";.pdf")).isEqualTo(
                "attachment; filename=\"_____ _Q1__.pdf\"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%20%22Q1%22%3B.pdf");
        assertThat(ContentDisposition.of(true, "cat.png")).isEqualTo("inline; filename=\"cat.png\"; filename*=UTF-8''cat.png");
        assertThat(AttachmentService.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(AttachmentService.safeName("C:\\Users\\me\\photo.jpg")).isEqualTo("photo.jpg");
        assertThat(AttachmentService.safeName("evil\u202Egpj.exe")).isEqualTo("evilgpj.exe");
        assertThat(AttachmentService.safeName("  ")).isEqualTo("file");
    }
}
