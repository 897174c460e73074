package dev.portway.cosign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** Reads one file out of an image layer (a tar, possibly gzip-compressed) without unpacking it. */
final class LayerFiles {
    private static final int BLOCK = 512;

    private LayerFiles() {}

    static Optional<byte[]> find(byte[] layer, String mediaType, String path) throws IOException {
        InputStream in = new ByteArrayInputStream(layer);
        if (mediaType.endsWith("gzip")) {
            in = new GZIPInputStream(in);
        } else if (!mediaType.endsWith(".tar") && !mediaType.endsWith("tar")) {
            throw new IOException("layer media type " + mediaType + " is not a tar or gzip tar");
        }
        return findInTar(in, normalize(path));
    }

    /** ustar headers, plus the two ways long names arrive: GNU 'L' entries and pax 'x' path records. */
    private static Optional<byte[]> findInTar(InputStream tar, String wanted) throws IOException {
        String longName = null;
        byte[] header = new byte[BLOCK];
        while (tar.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            byte[] data = readData(tar, size, type == '0' || type == 0 || type == 'L' || type == 'x');
            String name = longName != null ? longName : headerName(header);
            longName = null;
            if (type == 'L') {
                longName = cString(data, 0, data.length);
            } else if (type == 'x') {
                longName = paxPath(data);
            } else if ((type == '0' || type == 0) && normalize(name).equals(wanted)) {
                return Optional.of(data);
            }
        }
        return Optional.empty();
    }

    private static byte[] readData(InputStream tar, long size, boolean keep) throws IOException {
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (keep && size > Integer.MAX_VALUE - BLOCK) {
            throw new IOException("tar entry too large: " + size);
        }
        byte[] data = keep ? tar.readNBytes((int) size) : null;
        if (data != null && data.length != size) {
            throw new IOException("truncated tar");
        }
        // skipNBytes throws EOFException on a truncated layer.
        tar.skipNBytes(keep ? padded - size : padded);
        return data;
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(byte[] records) {
        // Records are "<len> key=value\n".
        for (String record : new String(records, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static long octal(byte[] h, int offset, int length) throws IOException {
        String s = cString(h, offset, length).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar header: bad size field '" + s + "'");
        }
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String normalize(String path) {
        String p = path;
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.substring(p.indexOf('/') + 1);
        }
        return p;
    }
}
