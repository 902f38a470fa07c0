package studio.ainative.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    /** proc(5)'s fields: pid, comm, state, ppid, …, utime (14), stime (15), cutime (16), cstime (17), …; comm may hold ") ". */
    private static final String STAT = "4242 (C2 CompilerThre) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 70 30 20 0 42 0 12345 0 0";

    @Test
    void addsUserAndSystemTicksOfTheProcess() {
        assertEquals(1750, ProcStat.ticks(STAT));
    }

    @Test
    void addsUserAndSystemTicksOfItsWaitedForChildren() {
        assertEquals(100, ProcStat.childTicks(STAT));
    }

    @Test
    void readsResidentMemoryInMebibytesFromTheStatusText() {
        assertEquals(397, ProcStat.vmRssMib("Name:\tjava\nVmPeak:\t 9999999 kB\nVmRSS:\t  406528 kB\nRssAnon:\t 300000 kB\n"));
        assertNull(ProcStat.vmRssMib("Name:\tkthreadd\nState:\tS (sleeping)\n"));
    }

    @Test
    void readsItsOwnResidentMemoryAndNothingForNoProcess() throws Exception {
        Long own = ProcStat.rssMib(Optional.of(ProcessHandle.current()));
        assertEquals(true, own != null && own > 0, "this JVM's resident memory: " + own);
        assertNull(ProcStat.rssMib(Optional.empty()));
    }
}
