import Foundation

/// A signing time in the two UTC forms SigV4 uses.
struct SigV4Timestamp {
    /// `YYYYMMDD'T'HHMMSS'Z'`, the value of `x-amz-date` and the second line of the string to sign.
    let dateTime: String
    /// `YYYYMMDD`, the first part of the credential scope.
    let dateStamp: String

    init(_ date: Date) {
        // Fractions of a second are dropped, as the header has whole seconds.
        let parts = Calendar(identifier: .gregorian).dateComponents(in: .gmt, from: date)
        dateStamp =
            Self.pad(parts.year ?? 0, width: 4) + Self.pad(parts.month ?? 0, width: 2)
            + Self.pad(parts.day ?? 0, width: 2)
        dateTime =
            dateStamp + "T" + Self.pad(parts.hour ?? 0, width: 2) + Self.pad(parts.minute ?? 0, width: 2)
            + Self.pad(parts.second ?? 0, width: 2) + "Z"
    }

    private static func pad(_ number: Int, width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
