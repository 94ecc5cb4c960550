package io.github.torchscript4j.runtime.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip container of PyTorch's serialization ({@code torch.save} since 1.6, {@code
 * torch.jit.save}): every record lives under one top-level folder ({@code archive/data.pkl},
 * {@code archive/data/0}, {@code archive/version}), whose name is free (PyTorch 1.13 uses the
 * file's base name). Records are read by their name below that folder.
 *
 * <p>Read with suspicion, since the file may be hostile: entry names must be relative and plain
 * (no {@code ..}, no absolute path, no backslash or control character), unique, and under one
 * folder; the sizes the headers declare must stay within {@link Limits}, a compressed record may
 * not declare more than {@link Limits#maxExpansion()} times its compressed size, and no record is
 * ever expanded beyond the size it declares (zip bombs). Every failure is an {@link
 * ArchiveException} that names the file and the record.
 *
 * <p>Not thread-safe; close it when done.
 */
public final class ZipArchive implements AutoCloseable {
    /** Bounds on what a file may make us read. */
    public record Limits(int maxEntries, long maxRecordBytes, long maxTotalBytes, long maxExpansion) {
        /**
         * 100,000 entries, records up to 2 GiB, 64 GiB in all, and a declared expansion of at most
         * 1,100 to 1 (deflate's own limit is about 1,032 to 1).
         */
        public static final Limits DEFAULT = new Limits(100_000, Integer.MAX_VALUE - 8, 64L << 30, 1100);
    }

    private final String fileName;
    private final ZipFile zip;
    private final String prefix;
    private final Map<String, ZipEntry> records;
    private final Limits limits;
    private long readSoFar;

    private ZipArchive(String fileName, ZipFile zip, String prefix, Map<String, ZipEntry> records, Limits limits) {
        this.fileName = fileName;
        this.zip = zip;
        this.prefix = prefix;
        this.records = records;
        this.limits = limits;
    }

    /** Opens {@code path} with the default limits. */
    public static ZipArchive open(Path path) {
        return open(path, Limits.DEFAULT);
    }

    /**
     * Opens {@code path}, checking every entry's name.
     *
     * @throws ArchiveException if it is not a zip file, or an entry is not acceptable
     */
    public static ZipArchive open(Path path, Limits limits) {
        String name = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new ArchiveException(name + ": no such file");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new ArchiveException(name + ": not a zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ArchiveException(name + ": cannot be read: " + e.getMessage(), e);
        }
        try {
            Map<String, ZipEntry> records = new LinkedHashMap<>();
            String prefix = null;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            int count = 0;
            long declared = 0;
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (++count > limits.maxEntries()) {
                    throw new ArchiveException(name + ": more than " + limits.maxEntries() + " entries");
                }
                String entryName = entry.getName();
                checkName(name, entryName);
                int slash = entryName.indexOf('/');
                if (slash <= 0) {
                    throw new ArchiveException(name + ": entry '" + entryName
                            + "' is not inside the archive's top-level folder");
                }
                String top = entryName.substring(0, slash + 1);
                if (prefix == null) {
                    prefix = top;
                } else if (!prefix.equals(top)) {
                    throw new ArchiveException(name + ": entries under two top-level folders, '" + prefix
                            + "' and '" + top + "'");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                checkDeclaredSize(name, entry, limits);
                declared += Math.max(0, entry.getSize());
                if (declared > limits.maxTotalBytes()) {
                    throw new ArchiveException(name + ": the records declare more than " + limits.maxTotalBytes()
                            + " bytes in all");
                }
                if (records.put(entryName.substring(slash + 1), entry) != null) {
                    throw new ArchiveException(name + ": entry '" + entryName + "' appears twice");
                }
            }
            if (prefix == null) {
                throw new ArchiveException(name + ": the zip archive is empty");
            }
            return new ZipArchive(name, zip, prefix, records, limits);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static void checkDeclaredSize(String file, ZipEntry entry, Limits limits) {
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size > limits.maxRecordBytes()) {
            throw new ArchiveException(file + ": entry '" + entry.getName() + "' declares " + size
                    + " bytes, more than the limit of " + limits.maxRecordBytes());
        }
        if (entry.getMethod() == ZipEntry.DEFLATED && size > (1L << 20) && compressed >= 0
                && size / Math.max(1, compressed) > limits.maxExpansion()) {
            throw new ArchiveException(file + ": entry '" + entry.getName() + "' declares " + size + " bytes from "
                    + compressed + " compressed, more than deflate can expand (a zip bomb?)");
        }
    }

    private static void checkName(String file, String entryName) {
        String problem = null;
        if (entryName.isEmpty()) {
            problem = "an empty name";
        } else if (entryName.startsWith("/") || entryName.matches("^[A-Za-z]:.*")) {
            problem = "an absolute path";
        } else if (entryName.indexOf('\\') >= 0) {
            problem = "a backslash";
        } else if (entryName.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem = "a control character";
        } else {
            for (String part : entryName.split("/", -1)) {
                if (part.equals("..") || part.equals(".")) {
                    problem = "a '" + part + "' component";
                    break;
                }
            }
            if (problem == null && entryName.contains("//")) {
                problem = "an empty component";
            }
        }
        if (problem != null) {
            throw new ArchiveException(file + ": entry name '" + printable(entryName) + "' has " + problem);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : String.valueOf((char) c)));
        return b.toString();
    }

    /** The file's name as messages give it. */
    public String fileName() {
        return fileName;
    }

    /** The top-level folder, without its slash ({@code archive}). */
    public String folder() {
        return prefix.substring(0, prefix.length() - 1);
    }

    /** The records' names below the top-level folder, in the zip's order. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(records.keySet()));
    }

    public boolean has(String record) {
        return records.containsKey(record);
    }

    /** A record's bytes, if it is present. */
    public Optional<byte[]> find(String record) {
        return has(record) ? Optional.of(read(record)) : Optional.empty();
    }

    /**
     * A record's bytes.
     *
     * @throws ArchiveException if it is missing, too large, or its data is broken
     */
    public byte[] read(String record) {
        ZipEntry entry = records.get(record);
        String where = fileName + ": " + prefix + record;
        if (entry == null) {
            throw new ArchiveException(fileName + ": the archive has no record '" + prefix + record + "'");
        }
        long cap = Math.min(limits.maxRecordBytes(), limits.maxTotalBytes() - readSoFar);
        if (entry.getSize() >= 0) {
            cap = Math.min(cap, entry.getSize());
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] data = readBounded(in, cap, where);
            if (entry.getSize() >= 0 && data.length != entry.getSize()) {
                throw new ArchiveException(where + ": holds " + data.length + " bytes, its header says "
                        + entry.getSize() + " (truncated)");
            }
            readSoFar += data.length;
            return data;
        } catch (ZipException e) {
            throw new ArchiveException(where + ": broken data (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new ArchiveException(where + ": truncated", e);
        } catch (IOException e) {
            throw new ArchiveException(where + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] readBounded(InputStream in, long cap, String where) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > cap) {
                throw new ArchiveException(where + ": expands beyond " + cap
                        + " bytes (larger than its header says or than the limit: a zip bomb?)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing was written; nothing is lost
        }
    }
}
