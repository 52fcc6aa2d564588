/// Percent-encoding as SigV4 defines it for paths and query strings.
public enum SigV4Encoding {
    /// Encodes every UTF-8 byte of `text` as `%XX` with uppercase hex digits, except the RFC 3986
    /// unreserved characters `A-Z a-z 0-9 - . _ ~`, and `/` when `keepSlash` is true.
    ///
    /// This is stricter than URL syntax, which allows `+`, `=`, `$` and `@` in a path, because
    /// SigV4 keeps only the unreserved characters.
    public static func percentEncode(_ text: String, keepSlash: Bool = false) -> String {
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
