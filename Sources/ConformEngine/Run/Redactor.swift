/// Replaces secret values with `***` in any text that leaves conform.
///
/// Redaction is by value, so a secret is hidden wherever it travelled: a header echoed in a response,
/// a URL in an error, a record. Longer secrets are replaced first so one that contains another is
/// hidden whole.
public final class Redactor: @unchecked Sendable {
    public static let mask = "***"
    private var secrets: [String] = []
    private let lock = NSLock()

    /// Secrets shorter than this are replaced only where they stand alone, not inside longer words,
    /// so a placeholder key such as `test` hides `X-API-Key: test` without turning `latest` into `la***`.
    public static let shortSecretLength = 8

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

    /// Replaces `secret` where no letter or digit touches it on either side.
    static func replaceWholeWords(_ secret: String, in text: String) -> String {
        var result = ""
        var remaining = Substring(text)
        while let range = remaining.range(of: secret) {
            let before = range.lowerBound > remaining.startIndex ? remaining[remaining.index(before: range.lowerBound)] : nil
            let after = range.upperBound < remaining.endIndex ? remaining[range.upperBound] : nil
            let touches = [before, after].contains { character in character.map { $0.isLetter || $0.isNumber } ?? false }
            result += remaining[..<range.lowerBound]
            result += touches ? String(remaining[range]) : Redactor.mask
            remaining = remaining[range.upperBound...]
        }
        return result + remaining
    }

    public func redact(_ text: String) -> String {
        lock.lock()
        let current = secrets
        lock.unlock()
        var result = text
        for secret in current where result.contains(secret) {
            if secret.count >= Redactor.shortSecretLength {
                result = result.replacingOccurrences(of: secret, with: Redactor.mask)
            } else {
                result = Redactor.replaceWholeWords(secret, in: result)
            }
        }
        return result
    }
}

import Foundation
