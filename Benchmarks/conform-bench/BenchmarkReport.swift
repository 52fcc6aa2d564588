import Foundation

/// The results of one command, printed as `name=value` lines for scripts to read.
struct BenchmarkReport {
    var lines: [(name: String, value: String)] = []
    /// Requests that failed or got an unexpected response. The exit code is 1 when there are any.
    var failures = 0

    mutating func add(_ name: String, _ value: String) {
        lines.append((name, value))
    }

    mutating func add(_ name: String, _ value: Double, digits: Int = 6) {
        lines.append((name, String(format: "%.\(digits)f", value)))
    }

    func print() {
        for line in lines { Swift.print("\(line.name)=\(line.value)") }
    }

    /// Adds the wall time, CPU time per operation, operations per second and peak RSS.
    mutating func addTimings(_ measurement: Measurement, operations: Int, unit: String) {
        add("wall_seconds", measurement.wallSeconds)
        add("user_seconds", measurement.userSeconds)
        add("system_seconds", measurement.systemSeconds)
        add("cpu_seconds", measurement.cpuSeconds)
        add("cpu_microseconds_per_\(unit)", measurement.cpuSeconds / Double(operations) * 1_000_000, digits: 1)
        add("\(unit)s_per_second", Double(operations) / measurement.wallSeconds, digits: 1)
        add("max_rss_kib", "\(measurement.maximumResidentKiB)")
    }
}
