package io.github.torchscript4j.checker.syntax;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Python 3.11's codecs as a coding cookie reaches them, for {@link SourceDecoder}: the name
 * lookup ({@code encodings.normalize_encoding}, lower-cased as the codec registry does, then
 * CPython's alias table, then the codec module of that name) and whole-file decoding with
 * CPython's {@code UnicodeDecodeError} message for the first byte that does not decode.
 *
 * <p>Decoding is exact for ASCII, Latin-1, UTF-8, the Windows, ISO-8859, DOS, EBCDIC, KOI8 and
 * Mac code pages the JDK has (patched where the JDK's table differs from CPython's), and for the
 * JDK's CJK codecs. CPython codecs the JDK lacks (UTF-7, HZ, JIS X 0213, ISO-8859-10/14, KOI8-T,
 * KZ-1048, PTCP154, Palm OS, HP Roman-8, cp720, cp1125, the escape codecs and others) decode
 * files whose bytes are plain ASCII (where those codecs agree with ASCII) and otherwise report
 * that the checker cannot decode them. {@code mbcs} and {@code oem} are unknown, as on Linux.
 *
 * <p>It does not look for cookies or decide between them and the BOM ({@link SourceDecoder} does).
 */
final class SourceDecoderCodecs {
    private SourceDecoderCodecs() {}

    /** CPython's {@code encodings.aliases.aliases}: each codec module, then its aliases. */
    private static final String ALIASES = ""
            + "ascii 646 ansi_x3.4_1968 ansi_x3.4_1986 ansi_x3_4_1968 cp367 csascii ibm367 iso646_us"
            + " iso_646.irv_1991 iso_ir_6 us us_ascii\n"
            + "base64_codec base64 base_64\n"
            + "big5 big5_tw csbig5 x_mac_trad_chinese\n"
            + "big5hkscs big5_hkscs hkscs\n"
            + "bz2_codec bz2\n"
            + "cp037 037 csibm037 ebcdic_cp_ca ebcdic_cp_nl ebcdic_cp_us ebcdic_cp_wt ibm037 ibm039\n"
            + "cp1026 1026 csibm1026 ibm1026\n"
            + "cp1125 1125 cp866u ibm1125 ruscii\n"
            + "cp1140 1140 ibm1140\n"
            + "cp1250 1250 windows_1250\n"
            + "cp1251 1251 windows_1251\n"
            + "cp1252 1252 windows_1252\n"
            + "cp1253 1253 windows_1253\n"
            + "cp1254 1254 windows_1254\n"
            + "cp1255 1255 windows_1255\n"
            + "cp1256 1256 windows_1256\n"
            + "cp1257 1257 windows_1257\n"
            + "cp1258 1258 windows_1258\n"
            + "cp273 273 csibm273 ibm273\n"
            + "cp424 424 csibm424 ebcdic_cp_he ibm424\n"
            + "cp437 437 cspc8codepage437 ibm437\n"
            + "cp500 500 csibm500 ebcdic_cp_be ebcdic_cp_ch ibm500\n"
            + "cp775 775 cspc775baltic ibm775\n"
            + "cp850 850 cspc850multilingual ibm850\n"
            + "cp852 852 cspcp852 ibm852\n"
            + "cp855 855 csibm855 ibm855\n"
            + "cp857 857 csibm857 ibm857\n"
            + "cp858 858 csibm858 ibm858\n"
            + "cp860 860 csibm860 ibm860\n"
            + "cp861 861 cp_is csibm861 ibm861\n"
            + "cp862 862 cspc862latinhebrew ibm862\n"
            + "cp863 863 csibm863 ibm863\n"
            + "cp864 864 csibm864 ibm864\n"
            + "cp865 865 csibm865 ibm865\n"
            + "cp866 866 csibm866 ibm866\n"
            + "cp869 869 cp_gr csibm869 ibm869\n"
            + "cp932 932 ms932 ms_kanji mskanji\n"
            + "cp949 949 ms949 uhc\n"
            + "cp950 950 ms950\n"
            + "euc_jis_2004 euc_jis2004 eucjis2004 jisx0213\n"
            + "euc_jisx0213 eucjisx0213\n"
            + "euc_jp eucjp u_jis ujis\n"
            + "euc_kr euckr korean ks_c_5601 ks_c_5601_1987 ks_x_1001 ksc5601 ksx1001 x_mac_korean\n"
            + "gb18030 gb18030_2000\n"
            + "gb2312 chinese csiso58gb231280 euc_cn euccn eucgb2312_cn gb2312_1980 gb2312_80 iso_ir_58"
            + " x_mac_simp_chinese\n"
            + "gbk 936 cp936 ms936\n"
            + "hex_codec hex\n"
            // CPython's table spells one alias with capitals, which a lower-cased name never matches.
            + "hp_roman8 cp1051 csHPRoman8 ibm1051 r8 roman8\n"
            + "hz hz_gb hz_gb_2312 hzgb\n"
            + "iso2022_jp csiso2022jp iso2022jp iso_2022_jp\n"
            + "iso2022_jp_1 iso2022jp_1 iso_2022_jp_1\n"
            + "iso2022_jp_2 iso2022jp_2 iso_2022_jp_2\n"
            + "iso2022_jp_2004 iso2022jp_2004 iso_2022_jp_2004\n"
            + "iso2022_jp_3 iso2022jp_3 iso_2022_jp_3\n"
            + "iso2022_jp_ext iso2022jp_ext iso_2022_jp_ext\n"
            + "iso2022_kr csiso2022kr iso2022kr iso_2022_kr\n"
            + "iso8859_10 csisolatin6 iso_8859_10 iso_8859_10_1992 iso_ir_157 l6 latin6\n"
            + "iso8859_11 iso_8859_11 iso_8859_11_2001 thai\n"
            + "iso8859_13 iso_8859_13 l7 latin7\n"
            + "iso8859_14 iso_8859_14 iso_8859_14_1998 iso_celtic iso_ir_199 l8 latin8\n"
            + "iso8859_15 iso_8859_15 l9 latin9\n"
            + "iso8859_16 iso_8859_16 iso_8859_16_2001 iso_ir_226 l10 latin10\n"
            + "iso8859_2 csisolatin2 iso_8859_2 iso_8859_2_1987 iso_ir_101 l2 latin2\n"
            + "iso8859_3 csisolatin3 iso_8859_3 iso_8859_3_1988 iso_ir_109 l3 latin3\n"
            + "iso8859_4 csisolatin4 iso_8859_4 iso_8859_4_1988 iso_ir_110 l4 latin4\n"
            + "iso8859_5 csisolatincyrillic cyrillic iso_8859_5 iso_8859_5_1988 iso_ir_144\n"
            + "iso8859_6 arabic asmo_708 csisolatinarabic ecma_114 iso_8859_6 iso_8859_6_1987 iso_ir_127\n"
            + "iso8859_7 csisolatingreek ecma_118 elot_928 greek greek8 iso_8859_7 iso_8859_7_1987"
            + " iso_ir_126\n"
            + "iso8859_8 csisolatinhebrew hebrew iso_8859_8 iso_8859_8_1988 iso_ir_138\n"
            + "iso8859_9 csisolatin5 iso_8859_9 iso_8859_9_1989 iso_ir_148 l5 latin5\n"
            + "johab cp1361 ms1361\n"
            + "koi8_r cskoi8r\n"
            + "kz1048 kz_1048 rk1048 strk1048_2002\n"
            + "latin_1 8859 cp819 csisolatin1 ibm819 iso8859 iso8859_1 iso_8859_1 iso_8859_1_1987"
            + " iso_ir_100 l1 latin latin1\n"
            + "mac_cyrillic maccyrillic\n"
            + "mac_greek macgreek\n"
            + "mac_iceland maciceland\n"
            + "mac_latin2 mac_centeuro maccentraleurope maclatin2\n"
            + "mac_roman macintosh macroman\n"
            + "mac_turkish macturkish\n"
            + "mbcs ansi dbcs\n"
            + "ptcp154 cp154 csptcp154 cyrillic_asian pt154\n"
            + "quopri_codec quopri quoted_printable quotedprintable\n"
            + "rot_13 rot13\n"
            + "shift_jis csshiftjis s_jis shiftjis sjis x_mac_japanese\n"
            + "shift_jis_2004 s_jis_2004 shiftjis2004 sjis_2004\n"
            + "shift_jisx0213 s_jisx0213 shiftjisx0213 sjisx0213\n"
            + "tis_620 iso_ir_166 tis620 tis_620_0 tis_620_2529_0 tis_620_2529_1\n"
            + "utf_16 u16 utf16\n"
            + "utf_16_be unicodebigunmarked utf_16be\n"
            + "utf_16_le unicodelittleunmarked utf_16le\n"
            + "utf_32 u32 utf32\n"
            + "utf_32_be utf_32be\n"
            + "utf_32_le utf_32le\n"
            + "utf_7 u7 unicode_1_1_utf_7 utf7\n"
            + "utf_8 cp65001 u8 utf utf8 utf8_ucs2 utf8_ucs4\n"
            + "uu_codec uu\n"
            + "zlib_codec zip zlib\n";

    /**
     * CPython's single-byte ({@code charmap}) codec modules the JDK has: module, JDK charset, then
     * the bytes where CPython's table differs from the JDK's ({@code byte=code point}; {@code fffd}
     * marks a byte CPython leaves undefined).
     */
    private static final String CHARMAPS = ""
            + "cp037 IBM037 15=85\n"
            + "cp1006 x-IBM1006 b2=fe8e c7=fb84 d5=fec1 d6=fec5 e3=fed9 f9=fef1 fa=fef2 fb=fef3\n"
            + "cp1026 IBM1026 15=85\n"
            + "cp1140 IBM01140 15=85\n"
            + "cp1250 windows-1250\ncp1251 windows-1251\ncp1252 windows-1252\ncp1253 windows-1253\n"
            + "cp1254 windows-1254\ncp1255 windows-1255\ncp1256 windows-1256\ncp1257 windows-1257\n"
            + "cp1258 windows-1258\n"
            + "cp273 IBM273 15=85 bc=203e\n"
            + "cp424 IBM424 15=85 b3=b7 bc=af\n"
            + "cp437 IBM437\n"
            + "cp500 IBM500 15=85\n"
            + "cp737 x-IBM737\ncp775 IBM775\ncp850 IBM850\ncp852 IBM852\ncp855 IBM855\n"
            + "cp856 x-IBM856 ee=af fa=b7\n"
            + "cp857 IBM857\ncp858 IBM00858\ncp860 IBM860\ncp861 IBM861\ncp862 IBM862\ncp863 IBM863\n"
            + "cp864 IBM864\ncp865 IBM865\ncp866 IBM866\ncp869 IBM869\ncp874 x-windows-874\n"
            + "cp875 x-IBM875 15=85 dc=1a e1=1a ec=1a ed=1a fc=1a fd=1a\n"
            + "iso8859_1 ISO-8859-1\niso8859_2 ISO-8859-2\niso8859_3 ISO-8859-3\niso8859_4 ISO-8859-4\n"
            + "iso8859_5 ISO-8859-5\niso8859_6 ISO-8859-6\niso8859_7 ISO-8859-7\niso8859_8 ISO-8859-8\n"
            + "iso8859_9 ISO-8859-9\niso8859_11 x-iso-8859-11\niso8859_13 ISO-8859-13\n"
            + "iso8859_15 ISO-8859-15\niso8859_16 ISO-8859-16\n"
            + "koi8_r KOI8-R\nkoi8_u KOI8-U\n"
            + "mac_arabic x-MacArabic a0=20 a1=21 a2=22 a3=23 a4=24 a6=26 a7=27 a8=28 a9=29 aa=2a ab=2b"
            + " ad=2d ae=2e af=2f ba=3a bc=3c bd=3d be=3e c0=274a db=5b dc=5c dd=5d de=5e df=5f fb=7b"
            + " fc=7c fd=7d\n"
            + "mac_croatian x-MacCroatian bd=3a9 db=20ac\n"
            + "mac_cyrillic x-MacCyrillic a2=490 b6=491 ff=20ac\n"
            + "mac_greek x-MacGreek 9c=20ac af=b7 ff=ad\n"
            + "mac_iceland x-MacIceland bd=3a9 db=20ac\n"
            + "mac_latin2 x-MacCentralEurope\n"
            + "mac_roman x-MacRoman\n"
            + "mac_romanian x-MacRomania af=218 bd=3a9 bf=219 db=20ac de=21a df=21b\n"
            + "mac_turkish x-MacTurkish bd=3a9 f5=f8a0\n"
            + "tis_620 TIS-620 80=80 81=81 82=82 83=83 84=84 85=85 86=86 87=87 88=88 89=89 8a=8a 8b=8b"
            + " 8c=8c 8d=8d 8e=8e 8f=8f 90=90 91=91 92=92 93=93 94=94 95=95 96=96 97=97 98=98 99=99"
            + " 9a=9a 9b=9b 9c=9c 9d=9d 9e=9e 9f=9f a0=fffd\n";

    /** CPython's multibyte codec modules the JDK has, with the JDK's charset. */
    private static final Map<String, String> MULTIBYTE = Map.ofEntries(
            Map.entry("big5", "Big5"), Map.entry("big5hkscs", "Big5-HKSCS"),
            Map.entry("cp932", "windows-31j"), Map.entry("cp949", "x-windows-949"),
            Map.entry("cp950", "x-windows-950"), Map.entry("euc_jp", "EUC-JP"),
            Map.entry("euc_kr", "EUC-KR"), Map.entry("gb18030", "GB18030"),
            Map.entry("gb2312", "GB2312"), Map.entry("gbk", "GBK"),
            Map.entry("iso2022_jp", "ISO-2022-JP"), Map.entry("iso2022_jp_2", "ISO-2022-JP-2"),
            Map.entry("iso2022_kr", "ISO-2022-KR"), Map.entry("johab", "x-Johab"),
            Map.entry("shift_jis", "Shift_JIS"));

    /** Codec modules that exist but are not text encodings. */
    private static final Set<String> NOT_TEXT = Set.of(
            "base64_codec", "bz2_codec", "hex_codec", "quopri_codec", "rot_13", "uu_codec", "zlib_codec");

    /** CPython codec modules the JDK cannot decode, with the ASCII bytes they do not keep as ASCII. */
    private static final Map<String, String> ASCII_ONLY = Map.ofEntries(
            Map.entry("cp1125", ""), Map.entry("cp720", ""), Map.entry("hp_roman8", ""),
            Map.entry("iso8859_10", ""), Map.entry("iso8859_14", ""), Map.entry("koi8_t", ""),
            Map.entry("kz1048", ""), Map.entry("mac_farsi", ""), Map.entry("palmos", ""),
            Map.entry("ptcp154", ""), Map.entry("euc_jis_2004", ""), Map.entry("euc_jisx0213", ""),
            Map.entry("shift_jis_2004", "\\~"), Map.entry("shift_jisx0213", "\\~"),
            Map.entry("iso2022_jp_1", "\u001b\u000e\u000f"), Map.entry("iso2022_jp_2004", "\u001b\u000e\u000f"),
            Map.entry("iso2022_jp_3", "\u001b\u000e\u000f"), Map.entry("iso2022_jp_ext", "\u001b\u000e\u000f"),
            Map.entry("hz", "~"), Map.entry("utf_7", "+"), Map.entry("idna", ""), Map.entry("punycode", "-"),
            Map.entry("raw_unicode_escape", "\\"), Map.entry("unicode_escape", "\\"));

    /** Normalized alias to module. */
    private static final Map<String, String> ALIAS_TO_MODULE = new HashMap<>();
    /** Every codec module CPython 3.11 has on Linux (mbcs and oem do not import there). */
    private static final Set<String> MODULES;

    static {
        java.util.HashSet<String> modules = new java.util.HashSet<>();
        for (String line : ALIASES.split("\n")) {
            String[] words = line.split(" ");
            for (int i = 1; i < words.length; i++) {
                ALIAS_TO_MODULE.putIfAbsent(words[i], words[0]);
            }
            modules.add(words[0]);
        }
        for (String line : CHARMAPS.split("\n")) {
            modules.add(line.substring(0, line.indexOf(' ')));
        }
        modules.addAll(MULTIBYTE.keySet());
        modules.addAll(ASCII_ONLY.keySet());
        modules.addAll(Set.of("utf_8_sig", "undefined", "charmap"));
        modules.remove("mbcs");
        MODULES = Set.copyOf(modules);
    }

    // ---------------------------------------------------------------- lookup

    /** What a cookie's encoding name finds: a text codec module, a non-text codec, or nothing. */
    enum Found { TEXT, NOT_TEXT, UNKNOWN }

    /** A lookup's outcome and the codec module found (empty when unknown). */
    record Lookup(Found found, String module) {}

    /**
     * CPython's {@code codecs.lookup(name)}: lower-case, {@code encodings.normalize_encoding}
     * (runs of characters other than letters, digits and dots become one underscore, none at the
     * ends), the alias table (also tried with dots as underscores), then the module of that name
     * (never one with a dot).
     */
    static Lookup lookup(String name) {
        String norm = normalize(name);
        String aliased = ALIAS_TO_MODULE.get(norm);
        if (aliased == null) {
            aliased = ALIAS_TO_MODULE.get(norm.replace('.', '_'));
        }
        String module = null;
        if (aliased != null && MODULES.contains(aliased)) {
            module = aliased;
        } else if (!norm.isEmpty() && norm.indexOf('.') < 0 && MODULES.contains(norm)) {
            module = norm;
        }
        if (module == null) {
            return new Lookup(Found.UNKNOWN, "");
        }
        return new Lookup(NOT_TEXT.contains(module) ? Found.NOT_TEXT : Found.TEXT, module);
    }

    /** Lower-cased {@code encodings.normalize_encoding}. */
    static String normalize(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean punct = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (alnum || c == '.') {
                if (punct && sb.length() > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
                punct = false;
            } else {
                punct = true;
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Bytes decoded with a codec: the text (undecodable bytes replaced by U+FFFD) and, for the
     * first failure, CPython's message and the offset in {@code text} of its replacement (-1 and
     * an empty message when all decoded).
     */
    record Decoded(String text, int errorAt, String message) {
        boolean failed() {
            return errorAt >= 0;
        }
    }

    /** Decodes {@code b[start..]} with the text codec {@code module}; positions count from {@code start}. */
    static Decoded decode(String module, byte[] b, int start) {
        switch (module) {
            case "utf_8", "utf_8_sig":
                return utf8(b, start);
            case "ascii":
                return table(b, start, asciiTable(), "ascii", "ordinal not in range(128)");
            case "latin_1", "iso8859_1", "charmap": // charmap without a table is Latin-1
                return new Decoded(new String(b, start, b.length - start, StandardCharsets.ISO_8859_1), -1, "");
            case "undefined":
                return new Decoded(new String(b, start, b.length - start, StandardCharsets.ISO_8859_1), 0,
                        "decoding with 'undefined' codec failed (UnicodeError: undefined encoding)");
            case "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be":
                return unicode(module, b, start);
            default:
                break;
        }
        char[] table = charmapTable(module);
        if (table != null) {
            return table(b, start, table, "charmap", "character maps to <undefined>");
        }
        String charset = MULTIBYTE.get(module);
        if (charset != null) {
            return withJdk(Charset.forName(charset), b, start, module, true);
        }
        return asciiOnly(module, b, start);
    }

    private static Decoded utf8(byte[] b, int start) {
        SourceDecoder.Utf8Error e = SourceDecoder.firstUtf8Error(b, start, b.length);
        String text = new String(b, start, b.length - start, StandardCharsets.UTF_8);
        if (e == null) {
            return new Decoded(text, -1, "");
        }
        int at = new String(b, start, e.position() - start, StandardCharsets.UTF_8).length();
        return new Decoded(text, at, "'utf-8' codec can't decode " + where(b, e.position(), e.length(), start)
                + ": " + e.reason());
    }

    /** A single-byte codec: {@code table[byte]}, U+FFFD where undefined. */
    private static Decoded table(byte[] b, int start, char[] table, String codec, String reason) {
        char[] out = new char[b.length - start];
        int errorAt = -1;
        for (int i = start; i < b.length; i++) {
            char c = table[b[i] & 0xff];
            out[i - start] = c;
            if (c == '\uFFFD' && errorAt < 0) {
                errorAt = i - start;
            }
        }
        String message = errorAt < 0 ? ""
                : "'" + codec + "' codec can't decode " + where(b, start + errorAt, 1, start) + ": " + reason;
        return new Decoded(new String(out), errorAt, message);
    }

    private static char[] asciiTable() {
        char[] t = new char[256];
        for (int i = 0; i < 256; i++) {
            t[i] = i < 128 ? (char) i : '\uFFFD';
        }
        return t;
    }

    private static final Map<String, char[]> TABLES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The table of a single-byte codec the JDK has, patched to CPython's; null for other codecs. */
    private static char[] charmapTable(String module) {
        for (String line : CHARMAPS.split("\n")) {
            String[] words = line.split(" ");
            if (!words[0].equals(module)) {
                continue;
            }
            return TABLES.computeIfAbsent(module, m -> {
                char[] t = new char[256];
                CharsetDecoder d = Charset.forName(words[1]).newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE);
                for (int i = 0; i < 256; i++) {
                    try {
                        CharBuffer cb = d.reset().decode(ByteBuffer.wrap(new byte[] {(byte) i}));
                        t[i] = cb.length() == 1 ? cb.get(0) : '\uFFFD';
                    } catch (java.nio.charset.CharacterCodingException e) {
                        t[i] = '\uFFFD';
                    }
                }
                for (int w = 2; w < words.length; w++) {
                    int eq = words[w].indexOf('=');
                    t[Integer.parseInt(words[w].substring(0, eq), 16)] =
                            (char) Integer.parseInt(words[w].substring(eq + 1), 16);
                }
                return t;
            });
        }
        return null;
    }

    /** UTF-16 and UTF-32: CPython reads little-endian unless a byte order mark says otherwise. */
    private static Decoded unicode(String module, byte[] b, int start) {
        boolean wide = module.startsWith("utf_32");
        boolean big = module.endsWith("_be");
        boolean detect = !module.endsWith("_le") && !big;
        int n = b.length - start;
        if (detect && wide && n >= 4 && b[start] == 0 && b[start + 1] == 0 && (b[start + 2] & 0xff) == 0xFE
                && (b[start + 3] & 0xff) == 0xFF) {
            big = true;
        } else if (detect && !wide && n >= 2 && (b[start] & 0xff) == 0xFE && (b[start + 1] & 0xff) == 0xFF) {
            big = true;
        }
        String cs = (wide ? "UTF-32" : "UTF-16") + (big ? "BE" : "LE");
        String codec = (wide ? "utf-32-" : "utf-16-") + (big ? "be" : "le");
        Decoded d = withJdk(Charset.forName(cs), b, start, codec, false);
        String text = d.text();
        if (detect && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            return new Decoded(text.substring(1), d.failed() ? Math.max(0, d.errorAt() - 1) : -1, d.message());
        }
        return d;
    }

    /** Decodes with a JDK charset, replacing what it cannot decode; reports the first failure. */
    private static Decoded withJdk(Charset cs, byte[] b, int start, String codec, boolean multibyte) {
        CharsetDecoder decoder = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, start, b.length - start);
        CharBuffer out = CharBuffer.allocate(Math.max(16, (int) ((b.length - start) * (double) decoder.maxCharsPerByte()) + 16));
        StringBuilder text = new StringBuilder(b.length);
        int errorAt = -1;
        String message = "";
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            out.flip();
            text.append(out);
            out.clear();
            if (r.isOverflow()) {
                continue;
            }
            if (r.isError()) {
                if (errorAt < 0) {
                    errorAt = text.length();
                    boolean atEnd = in.position() + r.length() >= in.limit();
                    String reason = multibyte
                            ? (atEnd && r.isMalformed() ? "incomplete multibyte sequence" : "illegal multibyte sequence")
                            : atEnd ? "truncated data" : codec.startsWith("utf-16") ? "illegal encoding"
                            : "code point not in range(0x110000)";
                    int length = multibyte ? 1 : r.length();
                    message = "'" + codec + "' codec can't decode " + where(b, in.position(), length, start) + ": " + reason;
                }
                text.append('\uFFFD');
                in.position(Math.min(in.limit(), in.position() + r.length()));
                continue;
            }
            decoder.flush(out);
            out.flip();
            text.append(out);
            break;
        }
        return new Decoded(text.toString(), errorAt, message);
    }

    /** A codec the JDK lacks: exact for plain ASCII bytes the codec keeps as they are. */
    private static Decoded asciiOnly(String module, byte[] b, int start) {
        String special = ASCII_ONLY.getOrDefault(module, "");
        for (int i = start; i < b.length; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x80 || special.indexOf(c) >= 0) {
                Decoded ascii = table(b, start, asciiTable(), "ascii", "");
                return new Decoded(ascii.text(), i - start, "TorchScript4J cannot decode the '" + module
                        + "' codec beyond plain ASCII: byte 0x" + String.format(Locale.ROOT, "%02x", c)
                        + " in position " + (i - start));
            }
        }
        return new Decoded(new String(b, start, b.length - start, StandardCharsets.ISO_8859_1), -1, "");
    }

    /** {@code byte 0xe9 in position 3} or {@code bytes in position 3-5}, counted from {@code start}. */
    private static String where(byte[] b, int at, int length, int start) {
        int pos = at - start;
        return length <= 1
                ? String.format(Locale.ROOT, "byte 0x%02x in position %d", b[at] & 0xff, pos)
                : String.format(Locale.ROOT, "bytes in position %d-%d", pos, pos + length - 1);
    }
}
