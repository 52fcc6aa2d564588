/// Replaces secret values with `***` in any text that leaves conform.
///
/// Redaction is by value, so a secret is hidden wherever it travelled: a header echoed in a response,
/// a URL in an error, a record. Longer secrets are replaced first so one that contains another is
/// hidden whole.
public final class Redactor: @unchecked Sendable {
    public static let mask = "***"
    private var secrets: [String] = []
    private let lock = NSLock()

    public init(secrets: [String] = []) {
        for secret in secrets { add(secret) }
    }

    /// Adds a value to hide; empty values are ignored.
    public func add(_ secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        guard !secrets.contains(trimmed) else { return }
        secrets.append(trimmed)
        secrets.sort { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        lock.lock()
        let current = secrets
        lock.unlock()
        var result = text
        for secret in current where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Redactor.mask)
        }
        return result
    }
}

import Foundation
