import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOSSL
import X509

/// Answers requests the way APNs does for MDM pushes: `POST /3/device/<hex token>` over HTTP/2 with the
/// client certificate's topic in `apns-topic`, JSON `{"reason": ...}` bodies on errors, `apns-id` on every
/// answer. Checks run in a fixed order so a test knows which reason a doubly-wrong request gets.
struct APNsStandInResponder: HTTPResponder {
    typealias Context = APNsStandInContext

    let ledger: APNsStandInLedger
    let checksTopic: Bool
    let logger: Logger

    /// The largest body APNs accepts for a non-VoIP push.
    static let maxBodyBytes = 4096

    func respond(to request: Request, context: Context) async throws -> Response {
        let delay = await ledger.begin()
        // Slowness is injected before answering so tests can hold requests in flight and observe merging.
        if delay > .zero { try? await Task.sleep(for: delay) }

        var headers: [String: String] = [:]
        for field in request.headers {
            headers[field.name.canonicalName.lowercased()] = field.value
        }
        let path = request.uri.path
        let token = Self.token(inPath: path)
        let answeredID = headers["apns-id"].flatMap { UUID(uuidString: $0) != nil ? $0.lowercased() : nil }
            ?? UUID().uuidString.lowercased()
        let connection = context.channel.parent ?? context.channel
        let overHTTP2 = context.channel.parent != nil
        let clientTopic = await Self.clientCertificateTopic(connection)

        var body: [UInt8] = []
        var bodyTooLarge = false
        do {
            let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
            body = Array(buffer.readableBytesView)
        } catch {
            bodyTooLarge = true
        }
        let pushMagic = Self.pushMagic(in: body)

        var (status, reason) = Self.check(
            method: request.method.rawValue, path: path, token: token, headers: headers,
            body: body, bodyTooLarge: bodyTooLarge, pushMagic: pushMagic,
            overHTTP2: overHTTP2, clientTopic: clientTopic, checksTopic: checksTopic
        )
        var since: Date?
        if status == 200, let token, let bound = await ledger.topic(of: token), bound != headers["apns-topic"] {
            // A token only works on the topic it was issued for; this is what a wrong push certificate looks like.
            (status, reason) = (400, "DeviceTokenNotForTopic")
        }
        if status == 200, let fault = await ledger.takeFault() {
            (status, reason) = (fault.status, fault.reason)
        }
        if status == 200, let token, let deadSince = await ledger.unregisteredSince(token: token, now: Date()) {
            (status, reason, since) = (410, "Unregistered", deadSince)
        }

        let push = APNsStandInPush(
            method: request.method.rawValue, path: path, token: token, headers: headers, body: body,
            pushMagic: pushMagic, clientCertificateTopic: clientTopic, overHTTP2: overHTTP2, receivedAt: Date(),
            status: status, reason: reason, apnsID: answeredID
        )
        if let handler = await ledger.record(push) {
            // APNs acknowledges acceptance, not delivery: the device's work must not hold the answer back.
            Task { await handler(push) }
        }
        await ledger.end()
        logger.debug("APNs stand-in answered", metadata: ["http.status": "\(status)", "apns.reason": "\(reason ?? "")"])
        return Self.response(status: status, reason: reason, since: since, apnsID: answeredID)
    }

    /// Apple's checks, in order; `(200, nil)` when the request is acceptable.
    static func check(
        method: String, path: String, token: [UInt8]?, headers: [String: String], body: [UInt8], bodyTooLarge: Bool,
        pushMagic: String?, overHTTP2: Bool, clientTopic: String?, checksTopic: Bool
    ) -> (Int, String?) {
        // Apple drops HTTP/1.1 at the connection; an explicit answer makes the mistake visible in a test.
        guard overHTTP2 else { return (505, "HTTP2Required") }
        guard path.hasPrefix("/3/device/") else { return (404, "BadPath") }
        guard method == "POST" else { return (405, "MethodNotAllowed") }
        guard let token, !token.isEmpty else { return (400, "BadDeviceToken") }
        guard !bodyTooLarge else { return (413, "PayloadTooLarge") }
        guard let topic = headers["apns-topic"], !topic.isEmpty else { return (400, "MissingTopic") }
        if checksTopic {
            guard let clientTopic else { return (403, "BadCertificate") }
            guard topic == clientTopic else { return (400, "TopicDisallowed") }
        }
        guard headers["apns-push-type"] == "mdm" else { return (400, "InvalidPushType") }
        if let priority = headers["apns-priority"], !["1", "5", "10"].contains(priority) { return (400, "BadPriority") }
        if let expiration = headers["apns-expiration"], Int64(expiration) == nil { return (400, "BadExpirationDate") }
        if let id = headers["apns-id"], UUID(uuidString: id) == nil { return (400, "BadMessageId") }
        guard !body.isEmpty else { return (400, "PayloadEmpty") }
        // Not an Apple reason: APNs does not inspect MDM payloads, but a push without PushMagic wakes nothing.
        guard pushMagic != nil else { return (400, "BadMDMPayload") }
        return (200, nil)
    }

    static func token(inPath path: String) -> [UInt8]? {
        let prefix = "/3/device/"
        guard path.hasPrefix(prefix) else { return nil }
        let digits = Array(path.dropFirst(prefix.count).utf8)
        guard !digits.isEmpty, digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func pushMagic(in body: [UInt8]) -> String? {
        guard !body.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let magic = object["mdm"] as? String
        else { return nil }
        return magic
    }

    /// The subject UID (0.9.2342.19200300.100.1.1) of the client certificate on this connection.
    static func clientCertificateTopic(_ connection: any Channel) async -> String? {
        guard let peer = try? await connection.nioSSL_peerCertificate().get(),
              let der = try? peer.toDERBytes(),
              let certificate = try? Certificate(derEncoded: der)
        else { return nil }
        for rdn in certificate.subject {
            for attribute in rdn where attribute.type == uidType {
                if let text = String(attribute.value) { return text }
            }
        }
        return nil
    }

    /// The userid attribute type, taken from a built attribute so SwiftASN1 need not be imported to name it.
    static let uidType = RelativeDistinguishedName.Attribute(type: [0, 9, 2342, 19_200_300, 100, 1, 1], utf8String: "").type

    static func response(status: Int, reason: String?, since: Date?, apnsID: String) -> Response {
        var fields = HTTPFields()
        fields.append(.init(name: .init("apns-id")!, value: apnsID))
        guard let reason else {
            return Response(status: .init(code: status), headers: fields)
        }
        fields.append(.init(name: .contentType, value: "application/json"))
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: errorBody(reason: reason, since: since))))
    }

    /// Apple's error body: `{"reason":"…"}`, plus `"timestamp"` in milliseconds since 1970 for dead tokens.
    static func errorBody(reason: String, since: Date?) -> Data {
        var object: [String: Any] = ["reason": reason]
        if let since { object["timestamp"] = Int64((since.timeIntervalSince1970 * 1000).rounded(.down)) }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}
