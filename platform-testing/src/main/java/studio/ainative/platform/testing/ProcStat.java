package studio.ainative.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU times from a process's {@code /proc/<pid>/stat} line, as the benchmarks read them (Linux). */
public final class ProcStat {

    /** USER_HZ, the unit of /proc's CPU times: 100 on every Linux this runs on. */
    public static final double TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** User and system ticks of the process (or thread) itself: utime and stime. */
    public static long ticks(String stat) {
        return field(stat, 14) + field(stat, 15);
    }

    /** User and system ticks of its children that ended and were waited for: cutime and cstime. */
    public static long childTicks(String stat) {
        return field(stat, 16) + field(stat, 17);
    }

    /** The stat line of {@code /proc/self}, {@code /proc/<pid>} or {@code /proc/<pid>/task/<tid>}. */
    public static String read(Path dir) throws IOException {
        return Files.readString(dir.resolve("stat"));
    }

    /** Field {@code number} as proc(5) numbers them (pid is 1); the name in parentheses may hold spaces. */
    static long field(String stat, int number) {
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(rest[number - 3]);
    }
}
