import Foundation

/// One HTTP request that reached a webhook receiver, as it arrived.
public struct WebhookDelivery: Sendable {
    public var method: String
    /// The path with its query string, as sent: `/hook?job=1`.
    public var target: String
    public var headers: [(name: String, value: String)]
    /// The raw body, exactly the bytes received.
    public var body: [UInt8]
    public var received: Date
    /// The peer address, such as `127.0.0.1:50312`.
    public var peer: String

    public init(
        method: String, target: String, headers: [(name: String, value: String)], body: [UInt8], received: Date, peer: String
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.received = received
        self.peer = peer
    }

    public var path: String {
        String(target.prefix { $0 != "?" })
    }

    public func header(_ name: String) -> String? {
        headers.last(where: { $0.name.lowercased() == name.lowercased() })?.value
    }
}
