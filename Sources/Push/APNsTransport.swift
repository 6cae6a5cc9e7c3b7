import AsyncHTTPClient
import Foundation
import Logging
import NIOSSL
import PalisadeCore

/// One HTTP/2 request to APNs and the classification of its answer; no retries, no queueing.
///
/// Kept apart from `APNsSender` so the actor holds only scheduling state and this holds only wire format.
struct APNsTransport: Sendable {
    let client: HTTPClient
    let endpoint: APNsEndpoint
    let topic: String
    let expiration: APNsExpiration
    let requestTimeout: Duration
    let clock: any WallClock
    let logger: Logger

    /// The bytes of `{"mdm":"<PushMagic>"}` with no escaping of `/`, byte for byte what Apple documents.
    static func body(pushMagic: String) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding a [String: String] cannot fail.
        return Array((try? encoder.encode(["mdm": pushMagic])) ?? Data())
    }

    func send(token: PushToken, pushMagic: String, apnsID: UUID?, attempt: Int) async -> APNsVerdict {
        var request = HTTPClientRequest(url: endpoint.deviceURL(for: token))
        request.method = .POST
        request.headers.add(name: "apns-topic", value: topic)
        request.headers.add(name: "apns-push-type", value: "mdm")
        request.headers.add(name: "apns-priority", value: "10")
        request.headers.add(name: "apns-expiration", value: expiration.headerValue(at: clock.now))
        if let apnsID {
            request.headers.add(name: "apns-id", value: apnsID.uuidString.lowercased())
        }
        request.body = .bytes(Self.body(pushMagic: pushMagic))

        do {
            let response = try await client.execute(request, timeout: .nanoseconds(requestTimeout.saturatingNanoseconds), logger: logger)
            let body = try await response.body.collect(upTo: 16 * 1024)
            let verdict = APNsVerdict.classify(
                status: Int(response.status.code),
                apnsID: response.headers.first(name: "apns-id"),
                retryAfter: response.headers.first(name: "retry-after"),
                body: Array(body.readableBytesView),
                sentID: apnsID
            )
            logger.debug("APNs answered", metadata: [
                "push.token": "\(token)", "push.attempt": "\(attempt)", "http.status": "\(response.status.code)",
            ])
            return verdict
        } catch let error as NIOSSLError {
            return .tlsRefused(String(describing: error))
        } catch let error as BoringSSLError {
            return .tlsRefused(String(describing: error))
        } catch {
            return .retryable(problem: String(describing: error), retryAfterSeconds: nil)
        }
    }

}
