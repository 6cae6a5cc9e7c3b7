import Foundation
import Hummingbird
import NIOCore

/// Reads a request body no larger than a limit, refusing a larger one as soon as it is known to be larger
/// (by its Content-Length, or once the bytes read pass the limit) rather than after reading it whole.
enum BoundedBody {
    /// The body, or `nil` when it is larger than `limit`.
    static func read(_ request: Request, limit: Int) async throws -> Data? {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { return nil }
        var buffer = ByteBuffer()
        for try await part in request.body {
            guard buffer.readableBytes + part.readableBytes <= limit else { return nil }
            var part = part
            buffer.writeBuffer(&part)
        }
        return Data(buffer.readableBytesView)
    }
}
