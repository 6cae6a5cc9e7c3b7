import Foundation

/// A response a core sent back for a device, held by the edge until inspection lets it out.
public struct InspectedResponse: Sendable, Hashable {
    public var status: Int
    public var headers: InspectedHeaders
    public var body: Data
    /// The request this answers, when the edge still has it (for logging and for the device key).
    public var request: InspectedRequest?

    public init(status: Int, headers: InspectedHeaders = [:], body: Data = Data(), request: InspectedRequest? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.request = request
    }
}
