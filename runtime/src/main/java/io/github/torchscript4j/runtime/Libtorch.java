package io.github.torchscript4j.runtime;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.ClassProperties;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.pytorch.global.torch;

/**
 * The runtime's door to libtorch (Bytedeco's {@code org.bytedeco.pytorch} presets): loads the
 * native libraries once per process, safely even on a machine whose JavaCPP cache is empty.
 *
 * <p>Every class of the runtime that touches {@code org.bytedeco.pytorch} calls {@link
 * #ensureLoaded()} first. It does not compile or run anything; it only makes libtorch usable.
 *
 * <h2>The first-run crash, and why it happened</h2>
 *
 * <p>On a fresh machine, {@code Loader.load(torch.class)} crashed the JVM (SIGSEGV in {@code
 * pthread_mutex_lock}, with both Bytedeco's libtorch 2.10 and another libtorch in the process),
 * while every later process worked. The cause is the order in which JavaCPP loads and extracts
 * the presets' libraries, combined with a second libtorch on the dynamic linker's search path:
 *
 * <ol>
 *   <li>JavaCPP extracts each library from the platform jar into its cache ({@code
 *       ~/.javacpp/cache}, or {@code org.bytedeco.javacpp.cachedir}) lazily, just before loading
 *       it, and loads the preset's "link" libraries in the declared order {@code openblas@.0, c10,
 *       torch, torch_cpu} — {@code libtorch.so} before {@code libtorch_cpu.so}.
 *   <li>{@code libtorch.so} is a stub whose only {@code DT_NEEDED} entry is {@code
 *       libtorch_cpu.so}, with {@code RUNPATH $ORIGIN}. On the first run {@code libtorch_cpu.so}
 *       has not been extracted yet, so {@code $ORIGIN} does not have it, and the dynamic linker
 *       goes on to the system directories. On a machine with Debian's PyTorch (the project's
 *       reference, {@code python3-torch}: {@code libtorch-dev} installs {@code
 *       /usr/lib/x86_64-linux-gnu/libtorch_cpu.so} pointing at libtorch 1.13) it finds and maps
 *       that libtorch 1.13, with its own dependencies (its {@code libc10.so.1.13}, OpenCV,
 *       protobuf, ...), into a process that already holds Bytedeco's {@code libc10.so} 2.10. The
 *       initialisers that {@code dlopen} then runs for this mix of two libtorch versions crash in
 *       {@code pthread_mutex_lock} on a bad mutex pointer (fault address 0x18). On a machine
 *       without another libtorch the lookup just fails, JavaCPP ignores the failure of this
 *       preload and carries on, and nothing crashes — which is why the crash looked like a
 *       first-run accident rather than a property of the machine.
 *   <li>In the next process {@code libtorch_cpu.so} is in the cache next to {@code libtorch.so},
 *       {@code $ORIGIN} finds it, and all is well. But {@code LD_LIBRARY_PATH} is searched before
 *       {@code RUNPATH}: with a directory holding another {@code libtorch_cpu.so} in {@code
 *       LD_LIBRARY_PATH}, even a complete cache crashed the same way.
 * </ol>
 *
 * <p>Evidence: reproduced on the first try with an empty {@code -Dorg.bytedeco.javacpp.cachedir};
 * the {@code hs_err} file lists {@code /usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0} and
 * {@code libc10.so.1.13.0} among the mapped libraries, {@code LD_DEBUG=libs} shows {@code
 * file=libtorch_cpu.so; needed by .../libtorch.so} resolved to {@code
 * /lib/x86_64-linux-gnu/libtorch_cpu.so}, and JavaCPP's debug log ({@code
 * -Dorg.bytedeco.javacpp.logger.debug=true}) shows {@code libtorch.so} extracted and loaded before
 * {@code libtorch_cpu.so}. A second run with the same cache works; adding {@code
 * LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu} makes it crash again.
 *
 * <h2>What {@link #ensureLoaded()} does about it</h2>
 *
 * <ol>
 *   <li>It extracts every native library of the three platform jars (javacpp, openblas, pytorch)
 *       into the cache before loading any, with JavaCPP's own {@link Loader#cacheResource(URL)}
 *       (which locks the cache against other JVMs and skips files already there with the jar's
 *       size and time stamp). Every {@code $ORIGIN} lookup then finds Bytedeco's file.
 *   <li>It loads the libraries in dependency order — openblas (with its preloads), {@code gomp},
 *       {@code c10}, {@code torch_cpu} by absolute path through JavaCPP's {@link
 *       Loader#loadLibrary(Class, URL[], String, String...)} — before {@code Loader.load(torch.class)}.
 *       When {@code libtorch.so} and {@code libjnitorch.so} ask for {@code libtorch_cpu.so}, the
 *       linker matches the already loaded object by its soname and searches no path at all, so
 *       neither an incomplete cache nor {@code LD_LIBRARY_PATH} can bring in a foreign libtorch.
 *       JavaCPP records these libraries under the names the preset uses, so its own pass loads
 *       nothing twice.
 * </ol>
 *
 * <p>A child JVM that extracts the cache first (as once considered) is not needed: the crash is
 * not a race with the extraction but a lookup that leaves the cache, and the two steps above close
 * it in-process. {@code LoadFromEmptyCacheTest} checks it in fresh JVMs, from an empty cache and
 * with a foreign libtorch on {@code LD_LIBRARY_PATH} where the machine has one.
 *
 * <p>Thread-safe: the first caller loads, concurrent callers wait, later callers return at once.
 * A failed load is remembered and reported again to every later caller; it is never retried, since
 * a half-loaded set of native libraries cannot be unloaded.
 */
public final class Libtorch {
    /** The libtorch version of the Bytedeco presets this module depends on. */
    public static final String VERSION = "2.10.0";

    /** The Bytedeco artifact version of those presets ({@code org.bytedeco:pytorch}). */
    public static final String BYTEDECO_VERSION = "2.10.0-1.5.13";

    /** Libraries of the pytorch preset loaded before the preset itself, in this order. */
    private static final List<String> LOAD_FIRST = List.of("gomp", "c10", "torch_cpu");

    /** A native library file name: {@code libX.so} or {@code libX.so.N[.M...]}. */
    private static final Pattern SHARED_OBJECT = Pattern.compile("lib[^/]+\\.so(\\.[0-9]+)*");

    private static final Object LOCK = new Object();
    private static final String NO_POINTER_GC = "org.bytedeco.javacpp.nopointergc";
    private static volatile boolean loaded;
    private static RuntimeException failure; // guarded by LOCK

    private Libtorch() {}

    /**
     * Loads libtorch's native libraries into this process unless that is already done.
     *
     * @throws LibtorchUnavailableException when the libraries cannot be extracted or loaded (this
     *     time or on an earlier call)
     */
    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            if (failure != null) {
                throw new LibtorchUnavailableException("libtorch failed to load earlier in this process", failure);
            }
            // The runtime frees every native object itself (TensorRef's owners, PointerScopes), so
            // JavaCPP's garbage-collector tracking of each Pointer is pure overhead: with it, the
            // per-call object churn made small-tensor code ~3x slower (RuntimeBenchmark's loop).
            // Set before any Pointer class initializes; a value the user set wins.
            if (System.getProperty(NO_POINTER_GC) == null) {
                System.setProperty(NO_POINTER_GC, "true");
            }
            try {
                load();
                loaded = true;
            } catch (IOException | RuntimeException | LinkageError e) {
                failure = new LibtorchUnavailableException("cannot load libtorch " + VERSION
                        + " (Bytedeco pytorch " + BYTEDECO_VERSION + ", platform " + Loader.getPlatform() + "): " + e, e);
                throw failure;
            }
        }
    }

    /** Whether an earlier {@link #ensureLoaded()} succeeded in this process. */
    public static boolean isLoaded() {
        return loaded;
    }

    private static void load() throws IOException {
        String platform = Loader.getPlatform();
        extractNativeLibraries(Loader.class, "org/bytedeco/javacpp/" + platform + "/");
        extractNativeLibraries(openblas.class, "org/bytedeco/openblas/" + platform + "/");
        extractNativeLibraries(torch.class, "org/bytedeco/pytorch/" + platform + "/");

        Loader.load(openblas.class);
        ClassProperties properties = Loader.loadProperties(torch.class, Loader.loadProperties(), true);
        List<String> declared = new ArrayList<>(properties.get("platform.preload"));
        declared.addAll(properties.get("platform.link"));
        for (String library : LOAD_FIRST) {
            String spelling = presetSpelling(declared, library);
            if (spelling == null) {
                continue; // a build of the presets without this library: nothing to order
            }
            URL[] urls = Loader.findLibrary(torch.class, properties, spelling);
            if (urls.length > 0) {
                Loader.loadLibrary(torch.class, urls, spelling);
            }
        }
        Loader.load(torch.class);
    }

    /**
     * The preset's own spelling of a library ({@code gomp@.1} for {@code gomp}), so that JavaCPP
     * finds it in its table of loaded libraries later; {@code null} if the preset does not name it.
     */
    private static String presetSpelling(List<String> declared, String library) {
        for (String spelling : declared) {
            String name = spelling.split("#", -1)[0].split("@", -1)[0];
            if (name.equals(library)) {
                return spelling;
            }
        }
        return null;
    }

    /**
     * Extracts every shared object directly in {@code directory} of the jar that holds {@code
     * owner}'s resources into JavaCPP's cache. Does nothing when the resources are not in a jar
     * (then JavaCPP loads them in place, where every library sits next to the others).
     */
    private static void extractNativeLibraries(Class<?> owner, String directory) throws IOException {
        URL url = owner.getResource("/" + directory);
        if (url == null) {
            return;
        }
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection)) {
            return;
        }
        // The JarFile is JDK-cached and shared with JavaCPP: not ours to close.
        JarFile jar = ((JarURLConnection) connection).getJarFile();
        String base = url.toString().substring(0, url.toString().indexOf("!/") + 2);
        List<String> names = new ArrayList<>();
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (!entry.isDirectory() && name.startsWith(directory)
                    && SHARED_OBJECT.matcher(name.substring(directory.length())).matches()) {
                names.add(name);
            }
        }
        for (String name : names) {
            Loader.cacheResource(new URL(base + name));
        }
    }
}
