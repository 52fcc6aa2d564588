import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The process's CPU time and peak resident set size, read with getrusage(RUSAGE_SELF).
struct ResourceUsage {
    /// User CPU time in seconds.
    var userSeconds: Double
    /// System CPU time in seconds.
    var systemSeconds: Double
    /// Peak resident set size in KiB, as Linux reports `ru_maxrss`.
    var maximumResidentKiB: Int

    static func current() -> ResourceUsage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return ResourceUsage(
            userSeconds: seconds(usage.ru_utime), systemSeconds: seconds(usage.ru_stime),
            maximumResidentKiB: usage.ru_maxrss)
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }
}

/// Wall and CPU time of one measured section, and the peak RSS of the process at its end.
struct Measurement {
    var wallSeconds: Double
    var userSeconds: Double
    var systemSeconds: Double
    var maximumResidentKiB: Int

    var cpuSeconds: Double { userSeconds + systemSeconds }

    /// Runs `body` and measures it. The peak RSS covers the whole process, not only `body`.
    static func of(_ body: () throws -> Void) rethrows -> Measurement {
        let clock = ContinuousClock()
        let before = ResourceUsage.current()
        let start = clock.now
        try body()
        let elapsed = start.duration(to: clock.now)
        let after = ResourceUsage.current()
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Measurement(
            wallSeconds: wall, userSeconds: after.userSeconds - before.userSeconds,
            systemSeconds: after.systemSeconds - before.systemSeconds, maximumResidentKiB: after.maximumResidentKiB)
    }
}
