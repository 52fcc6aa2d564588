/// The AWS credentials for signing a request.
public struct SigV4Credentials: Sendable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// The session token of temporary credentials from AWS STS, sent and signed as
    /// `x-amz-security-token`.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}
