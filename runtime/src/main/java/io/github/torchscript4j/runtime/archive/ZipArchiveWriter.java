package io.github.torchscript4j.runtime.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes PyTorch's zip container as its stream writer does: every record under one top-level
 * folder, each record's data starting at a multiple of 64 bytes (the local header's extra field
 * {@code FB} is padded with {@code Z}s), so that a loader may map tensors in place. Records are
 * stored, or deflated on request (PyTorch deflates {@code code/} files). Sizes and checksums are
 * written in the local headers (no data descriptors) and no timestamp, so the same records give
 * the same bytes. No ZIP64: an archive stays under 4 GiB.
 */
public final class ZipArchiveWriter implements AutoCloseable {
    static final int ALIGNMENT = 64;
    private static final long LIMIT = 0xffffffffL;

    private record Central(byte[] name, int method, int crc, long compressed, long size, long offset) {}

    private final OutputStream out;
    private final String folder;
    private final List<Central> central = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private long offset;
    private boolean closed;

    /**
     * @param out where the archive goes; closed by {@link #close()}
     * @param folder the top-level folder ({@code archive}; {@code torch.jit.save} uses the file's base name)
     */
    public ZipArchiveWriter(OutputStream out, String folder) {
        if (folder.isEmpty() || folder.contains("/") || folder.contains("\\") || folder.contains("..")) {
            throw new IllegalArgumentException("not a plain folder name: '" + folder + "'");
        }
        this.out = out;
        this.folder = folder;
    }

    /** Adds a stored record {@code folder/name}. */
    public void add(String name, byte[] data) throws IOException {
        add(name, data, false);
    }

    /** Adds a record {@code folder/name}, deflated if {@code compress}. */
    public void add(String name, byte[] data, boolean compress) throws IOException {
        if (closed) {
            throw new IllegalStateException("the archive is closed");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("record '" + name + "' written twice");
        }
        byte[] fullName = (folder + "/" + name).getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(data);
        byte[] body = compress ? deflate(data) : data;
        int method = compress ? 8 : 0;
        int headerEnd = (int) ((offset + 30 + fullName.length + 4) % ALIGNMENT);
        int pad = (ALIGNMENT - headerEnd) % ALIGNMENT;
        if (offset + 30 + fullName.length + 4 + pad + body.length > LIMIT) {
            throw new IOException("the archive would exceed 4 GiB, which needs ZIP64");
        }
        ByteBuffer header = ByteBuffer.allocate(30 + fullName.length + 4 + pad).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) method)
                .putShort((short) 0).putShort((short) 0x21) // 1980-01-01 00:00
                .putInt((int) crc.getValue()).putInt(body.length).putInt(data.length)
                .putShort((short) fullName.length).putShort((short) (4 + pad)).put(fullName)
                .putShort((short) 0x4246).putShort((short) pad); // "FB"
        for (int i = 0; i < pad; i++) {
            header.put((byte) 'Z');
        }
        out.write(header.array());
        out.write(body);
        central.add(new Central(fullName, method, (int) crc.getValue(), body.length, data.length, offset));
        offset += header.capacity() + body.length;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                b.write(buffer, 0, deflater.deflate(buffer));
            }
            return b.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Writes the central directory and closes the stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            long start = offset;
            for (Central c : central) {
                ByteBuffer entry = ByteBuffer.allocate(46 + c.name().length).order(ByteOrder.LITTLE_ENDIAN);
                entry.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                        .putShort((short) c.method()).putShort((short) 0).putShort((short) 0x21).putInt(c.crc())
                        .putInt((int) c.compressed()).putInt((int) c.size()).putShort((short) c.name().length)
                        .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                        .putInt(0).putInt((int) c.offset()).put(c.name());
                out.write(entry.array());
                offset += entry.capacity();
            }
            if (central.size() > 0xffff || offset > LIMIT) {
                throw new IOException("the archive needs ZIP64 (too many records or too large)");
            }
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) central.size())
                    .putShort((short) central.size()).putInt((int) (offset - start)).putInt((int) start)
                    .putShort((short) 0);
            out.write(end.array());
        }
    }
}
