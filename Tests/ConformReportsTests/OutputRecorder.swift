import Foundation

/// Collects what a `ConsoleReporter` writes, from any thread.
final class OutputRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [String] = []

    func write(_ text: String) {
        lock.withLock { chunks.append(text) }
    }

    /// Everything written so far, in order.
    var text: String {
        lock.withLock { chunks.joined() }
    }

    /// The written lines with each `HH:mm:ss.SSS` clock time replaced by `T`, so they compare whole.
    var lines: [String] {
        OutputRecorder.withoutClock(text).components(separatedBy: "\n").dropLast()
    }

    /// The number of `write` calls.
    var writeCount: Int {
        lock.withLock { chunks.count }
    }

    static func withoutClock(_ text: String) -> String {
        text.replacingOccurrences(of: "[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}", with: "T", options: .regularExpression)
    }
}
