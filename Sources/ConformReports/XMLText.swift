/// Escapes text for XML 1.0 so that any response or error text yields a well-formed document.
///
/// Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot appear even as
/// character references, so they are written as visible `\x01`-style escapes instead.
enum XMLText {
    static func content(_ text: String) -> String {
        escape(text, attribute: false)
    }

    static func attribute(_ text: String) -> String {
        escape(text, attribute: true)
    }

    /// Text for a CDATA section: forbidden characters shown as escapes and `]]>` split across two
    /// sections, so the content never ends the section early.
    static func cdata(_ text: String) -> String {
        var visible = ""
        for scalar in text.unicodeScalars { visible += isAllowed(scalar) ? String(scalar) : visibleEscape(scalar) }
        return "<![CDATA[" + visible.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private static func visibleEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return scalar.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex : "\\u{\(hex)}"
    }

    private static func escape(_ text: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            // Attribute values normalise raw whitespace to spaces, so line breaks and tabs travel as references.
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t" where attribute: out += "&#9;"
            case _ where !isAllowed(scalar): out += visibleEscape(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
