/// A request that could not complete, with libcurl's code and message and the phase it failed in.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Phase: String, Sendable {
        case setup
        case resolve
        case connect
        case tls
        case send
        case receive
        case timeout
        case canceled
    }

    public var phase: Phase
    /// libcurl's `CURLcode`, or 0 for errors found before libcurl ran.
    public var code: Int
    public var message: String
    public var url: String

    public init(phase: Phase, code: Int, message: String, url: String) {
        self.phase = phase
        self.code = code
        self.message = message
        self.url = url
    }

    public var description: String {
        code == 0 ? "\(phase.rawValue) failed for \(url): \(message)"
            : "\(phase.rawValue) failed for \(url): \(message) (curl error \(code))"
    }
}
