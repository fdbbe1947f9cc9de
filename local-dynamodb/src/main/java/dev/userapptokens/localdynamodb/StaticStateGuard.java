package dev.userapptokens.localdynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The native-image rule checked in JVM mode: a native build initialises the application's classes
 * at build time and stores what their static fields reach in the image, so no static state may hold
 * a random generator (its seed would be baked in and shared by every start), an AWS SDK client or
 * HTTP client (a connection and credentials of the build machine), or a captured instant.
 *
 * <p>{@link #violations} initialises every class of the given packages found on the class path,
 * in a fresh class loader (so nothing a test ran before has initialised them), then walks
 * everything their static fields reach (fields, collections, maps, arrays, lambdas' captures) and
 * reports each forbidden object with the path that reaches it.
 */
public final class StaticStateGuard {

    /** Kinds of object no static state may reach, by class name (looked up in the fresh loader). */
    private static final List<String> FORBIDDEN = List.of(
            "java.util.Random", // SecureRandom and ThreadLocalRandom too
            "java.util.SplittableRandom",
            "software.amazon.awssdk.core.SdkClient",
            "software.amazon.awssdk.http.SdkHttpClient",
            "java.net.Socket",
            "java.net.URLConnection",
            "java.time.Instant");

    private static final int MAX_DEPTH = 16;

    private StaticStateGuard() {
    }

    /** One line per forbidden object reached from a static field of a class in {@code packages}. */
    public static List<String> violations(String... packages) {
        List<URL> urls = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            try {
                urls.add(path.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
            if (!path.toString().contains("test-classes")) {
                classNames(path, packages, names);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no class of " + List.of(packages) + " on the class path");
        }
        List<String> found = new ArrayList<>();
        try (URLClassLoader fresh = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            List<Class<?>> forbidden = new ArrayList<>();
            for (String name : FORBIDDEN) {
                try {
                    forbidden.add(Class.forName(name, false, fresh));
                } catch (ClassNotFoundException absent) {
                    // that library is not on this class path: nothing can hold one
                }
            }
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (String name : names) {
                Class<?> type;
                try {
                    type = Class.forName(name, true, fresh);
                } catch (ClassNotFoundException | LinkageError e) {
                    found.add(name + ": static initialisation failed: " + e);
                    continue;
                }
                for (Field field : type.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers())) {
                        Object value = read(field, null);
                        walk(value, name + "." + field.getName(), 0, forbidden, seen, found);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static void walk(Object value, String path, int depth, List<Class<?>> forbidden, Set<Object> seen,
                             List<String> found) {
        if (value == null || depth > MAX_DEPTH || value instanceof Class<?> || value instanceof ClassLoader
                || !seen.add(value)) {
            return;
        }
        for (Class<?> kind : forbidden) {
            if (kind.isInstance(value)) {
                found.add(path + " holds a " + value.getClass().getName() + " (" + kind.getName() + ")");
                return;
            }
        }
        Class<?> type = value.getClass();
        if (type.isArray()) {
            if (!type.getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    walk(Array.get(value, i), path + "[" + i + "]", depth + 1, forbidden, seen, found);
                }
            }
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                walk(element, path + "[" + i++ + "]", depth + 1, forbidden, seen, found);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                walk(entry.getKey(), path + ".key", depth + 1, forbidden, seen, found);
                walk(entry.getValue(), path + "[" + entry.getKey() + "]", depth + 1, forbidden, seen, found);
            }
        } else if (value instanceof Optional<?> optional) {
            walk(optional.orElse(null), path + ".get()", depth + 1, forbidden, seen, found);
        }
        // Instance fields, up the hierarchy; the JDK's own fields are closed to reflection (then skipped).
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                    walk(read(field, value), path + "." + field.getName(), depth + 1, forbidden, seen, found);
                }
            }
        }
    }

    private static Object read(Field field, Object target) {
        try {
            field.setAccessible(true);
            return field.get(target);
        } catch (RuntimeException | IllegalAccessException closed) {
            return null;
        }
    }

    private static void classNames(Path entry, String[] packages, List<String> names) {
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .map(f -> entry.relativize(f).toString())
                            .forEach(file -> addIfInPackages(file, packages, names));
                }
            } else if (entry.toString().endsWith(".jar") && Files.exists(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    jar.stream().forEach(e -> addIfInPackages(e.getName(), packages, names));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addIfInPackages(String file, String[] packages, List<String> names) {
        if (!file.endsWith(".class") || file.endsWith("module-info.class")) {
            return;
        }
        String name = file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.');
        for (String p : packages) {
            if (name.startsWith(p + ".")) {
                names.add(name);
                return;
            }
        }
    }

    /** For a test's failure message. */
    public static String describe(List<String> violations) {
        return "static state a native build would bake into the image:\n  " + String.join("\n  ", violations);
    }
}
