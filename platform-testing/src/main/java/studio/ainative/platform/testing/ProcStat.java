package studio.ainative.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** CPU times and resident memory of a process from {@code /proc}, as the benchmarks read them (Linux). */
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

    /** Resident memory (VmRSS) of a process in MiB; null when there is none or it is gone. */
    public static Long rssMib(Optional<ProcessHandle> process) throws IOException {
        if (process.isEmpty()) {
            return null;
        }
        Path status = Path.of("/proc", Long.toString(process.get().pid()), "status");
        if (!Files.isRegularFile(status)) {
            return null;
        }
        return vmRssMib(Files.readString(status));
    }

    /** The VmRSS line of a {@code /proc/<pid>/status} text, in MiB; null without one (a kernel thread, a zombie). */
    static Long vmRssMib(String status) {
        return status.lines().filter(line -> line.startsWith("VmRSS:")).map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                .findFirst().orElse(null);
    }
}
