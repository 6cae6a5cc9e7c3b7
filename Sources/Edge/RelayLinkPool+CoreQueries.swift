import Foundation
import HTTPTypes
import Logging
import NIOCore
import Relay

extension RelayLinkPool {
    /// A connected core's JSON answer to a GET of one of its relay routes. `nil` when none answered 200 — no core
    /// connected, the link failed, or a core too old to know the route — and also, with a warning, when one
    /// answered with something that does not decode.
    func fetchJSON<Value: Decodable>(_ type: Value.Type, path: String, responseLimit: Int, logger: Logger) async -> Value? {
        guard availableCount > 0 else { return nil }
        do {
            let (response, body) = try await send(
                HTTPRequest(method: .get, scheme: "https", authority: "palisade-core", path: path), body: ByteBuffer(),
                responseLimit: responseLimit, timeout: .seconds(10)
            )
            guard response.status == .ok else { return nil }
            guard let decoded = try? JSONDecoder().decode(Value.self, from: Data(buffer: body)) else {
                logger.warning("a core sent an unreadable answer on a relay route", metadata: ["path": "\(path)"])
                return nil
            }
            return decoded
        } catch {
            return nil
        }
    }
}
