import ConformCrypto
import Foundation

/// An HMAC-SHA256 signature scheme for webhooks, general enough for the common ones.
///
/// The header contains either the signature alone, or `key=value` pairs split by `separator`, from which
/// `timestampKey` and `signatureKey` pick the parts (the dedup2d service sends `t=<unix>,v1=<hex>`).
public struct WebhookSignature: Sendable {
    public enum Encoding: String, Sendable {
        case hex
        case base64
    }

    /// One piece of the signed message.
    public enum MessagePart: Sendable {
        case text(String)
        /// The timestamp as it appeared in the header.
        case timestamp
        /// The raw request body, byte for byte.
        case body
    }

    public var header: String
    public var separator: String
    public var timestampKey: String?
    public var signatureKey: String?
    public var encoding: Encoding
    /// The largest accepted distance between the timestamp and now, in seconds.
    public var maximumSkew: Double?
    public var message: [MessagePart]

    public init(
        header: String, separator: String = ",", timestampKey: String? = nil, signatureKey: String? = nil,
        encoding: Encoding = .hex, maximumSkew: Double? = nil, message: [MessagePart]
    ) {
        self.header = header
        self.separator = separator
        self.timestampKey = timestampKey
        self.signatureKey = signatureKey
        self.encoding = encoding
        self.maximumSkew = maximumSkew
        self.message = message
    }

    /// Verifies `delivery`; returns nil when the signature is valid, or why it is not.
    ///
    /// The reason names the part that differed and never contains the secret or the expected value.
    public func verify(_ delivery: WebhookDelivery, secret: [UInt8], now: Date) -> String? {
        guard let value = delivery.header(header) else {
            return "signature header \(header) is missing"
        }

        var timestamp: String?
        var provided = value.trimmingCharacters(in: .whitespaces)
        if signatureKey != nil || timestampKey != nil {
            var fields: [String: String] = [:]
            for item in value.components(separatedBy: separator) {
                let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else {
                    return "signature header \(header) is malformed: '\(item)' is not key=value"
                }
                fields[pair[0]] = pair[1]
            }
            if let timestampKey {
                guard let found = fields[timestampKey] else {
                    return "signature header \(header) is malformed: no '\(timestampKey)=' part"
                }
                timestamp = found
            }
            if let signatureKey {
                guard let found = fields[signatureKey] else {
                    return "signature header \(header) is malformed: no '\(signatureKey)=' part"
                }
                provided = found
            }
        }

        if let maximumSkew {
            guard let text = timestamp, let seconds = Double(text) else {
                return "signature timestamp '\(timestamp ?? "")' is not Unix seconds"
            }
            let skew = abs(now.timeIntervalSince1970 - seconds)
            if skew > maximumSkew {
                return String(format: "signature timestamp %@ is %.0fs away from now, more than the allowed %.0fs", text, skew, maximumSkew)
            }
        }

        guard let providedBytes = decode(provided) else {
            return "signature in \(header) is not valid \(encoding.rawValue)"
        }
        let computed = Digest.hmacSHA256(key: secret, message: messageBytes(delivery, timestamp: timestamp))
        guard Digest.constantTimeEquals(computed, providedBytes) else {
            let scope = message.map { part -> String in
                switch part {
                case .text(let text): return text
                case .timestamp: return "<timestamp>"
                case .body: return "<body: \(delivery.body.count) bytes>"
                }
            }.joined()
            return "signature mismatch: HMAC-SHA256 over \(scope) does not equal the \(encoding.rawValue) value in \(header)"
        }
        return nil
    }

    func messageBytes(_ delivery: WebhookDelivery, timestamp: String?) -> [UInt8] {
        var bytes: [UInt8] = []
        for part in message {
            switch part {
            case .text(let text): bytes += Array(text.utf8)
            case .timestamp: bytes += Array((timestamp ?? "").utf8)
            case .body: bytes += delivery.body
            }
        }
        return bytes
    }

    private func decode(_ text: String) -> [UInt8]? {
        switch encoding {
        case .base64:
            return Data(base64Encoded: text).map { Array($0) }
        case .hex:
            let characters = Array(text.lowercased().utf8)
            guard characters.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            var index = 0
            while index < characters.count {
                guard let high = WebhookSignature.nibble(characters[index]), let low = WebhookSignature.nibble(characters[index + 1]) else {
                    return nil
                }
                bytes.append(high << 4 | low)
                index += 2
            }
            return bytes
        }
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
